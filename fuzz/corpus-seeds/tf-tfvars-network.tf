resource "coreweave_networking_vpc" "vpc" {
  name = "vllm"
  zone = var.zone
  vpc_prefixes = [
    { name = "pod-cidr", value = "10.0.0.0/13" },
    { name = "service-cidr", value = "10.16.0.0/22" },
    { name = "lb-cidr", value = "10.32.4.0/22" },
  ]
}
