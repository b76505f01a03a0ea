# A Terraform configuration with the mistakes seen in the wild. `ckslint check` lints the
# `coreweave_cks_cluster` resources in .tf files, with values from the VPC declared beside it.
terraform {
  required_providers {
    coreweave = {
      source  = "coreweave/coreweave"
      version = "~> 0.4.0"
    }
  }
}

resource "coreweave_networking_vpc" "ml" {
  name        = "ml"
  zone        = "US-EAST-04A"
  host_prefix = "10.16.192.0/18"
  vpc_prefixes = [
    { name = "pod cidr", value = "10.0.0.0/13" },
    { name = "service cidr", value = "10.16.0.0/22" },
    { name = "internal lb cidr", value = "10.32.4.0/22" },
  ]
}

resource "coreweave_cks_cluster" "training" {
  name                   = "ML-Training"
  version                = "1.35"
  zone                   = "US-WEST-04A"
  vpc_id                 = coreweave_networking_vpc.ml.id
  public                 = false
  pod_cidr_name          = "pod cidr"
  service_cidr_name      = "service-cidr"
  internal_lb_cidr_names = ["internal lb cidr"]

  oidc {
    issuer_url   = "https://auth.example.com/"
    client_id    = "kubernetes"
    signing_algs = ["SIGNING_ALGORITHM_ES256"]
  }
}
