resource "coreweave_cks_cluster" "audited" {
  name                   = "audited"
  zone                   = "US-EAST-04A"
  vpc_id                 = "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50"
  version                = "v1.35"
  pod_cidr_name          = "pod-cidr"
  service_cidr_name      = "service-cidr"
  internal_lb_cidr_names = ["lb-cidr"]
  audit_policy           = filebase64("${path.module}/policies/audit.yaml")
}
