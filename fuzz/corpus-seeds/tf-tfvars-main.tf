terraform {
  required_providers {
    coreweave = {
      source  = "coreweave/coreweave"
      version = "~> 0.10.1"
    }
  }
}

resource "coreweave_cks_cluster" "k8s" {
  name                   = var.cluster_name
  zone                   = var.zone
  vpc_id                 = coreweave_networking_vpc.vpc.id
  version                = var.k8s_version
  public                 = true # ckslint: ignore[CKS301] reached only through the office VPN
  pod_cidr_name          = "pod-cidr"
  service_cidr_name      = "service-cidr"
  internal_lb_cidr_names = ["lb-cidr"]
  kubelet                = jsonencode({ max_pods = 256 })
}
