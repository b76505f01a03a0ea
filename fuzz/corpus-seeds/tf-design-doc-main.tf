# The shape of an LLM-written design document (facts §5.3, marin-community/marin Iris
# CoreWeave notes): EKS/GKE-style attributes the provider does not have.
resource "coreweave_cks_cluster" "iris" {
  name               = "iris"
  zone               = "US-EAST-04A"
  kubernetes_version = "1.32"
  vpc = {
    name        = "iris-vpc"
    host_prefix = "10.16.192.0/18"
    vpc_prefixes = {
      pod     = "10.0.0.0/13"
      service = "10.16.0.0/22"
      lb      = "10.32.4.0/22"
    }
  }
}
