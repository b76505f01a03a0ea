#!/usr/bin/env python3
"""Generate a deterministic Terraform corpus: N `.tf` files in N/2 module directories.

usage: bench/gen_tf_corpus.py DIR [N=10000]

Each module directory `DIR/mNNNNN/` holds `main.tf` (one `coreweave_cks_cluster`, a
`coreweave_networking_vpc`, `required_providers`, values through `var.*`, a
`jsonencode` kubelet), `variables.tf` (the variables with defaults) and
`terraform.tfvars` (overrides). One module in 50 has a mistake (an uppercase name in
the tfvars file, a version without its `v`, a kubelet typo), so findings are produced
and rendered too.
"""
import os, random, sys

ZONES = ["US-EAST-04A", "US-EAST-06A", "US-WEST-09B", "US-CENTRAL-02A"]


def module(i, rnd):
    zone = ZONES[i % len(ZONES)]
    bad = i % 50 == 7
    name = f"Cluster-{i}" if bad else f"cluster-{i}"
    version = "1.35" if bad else "v1.35"
    kubelet = "maxPodz" if bad else "maxPods"
    main = f'''terraform {{
  required_providers {{
    coreweave = {{
      source  = "coreweave/coreweave"
      version = ">= 0.19.0"
    }}
  }}
}}

resource "coreweave_networking_vpc" "vpc" {{
  name = "vpc-{i}"
  zone = var.zone
  vpc_prefixes = [
    {{ name = "pod-cidr", value = "10.0.0.0/13" }},
    {{ name = "service-cidr", value = "10.16.0.0/22" }},
    {{ name = "lb-cidr", value = "10.32.4.0/22" }},
  ]
}}

resource "coreweave_cks_cluster" "c{i}" {{
  name                   = var.cluster_name
  zone                   = var.zone
  vpc_id                 = coreweave_networking_vpc.vpc.id
  version                = var.k8s_version
  public                 = false
  pod_cidr_name          = "pod-cidr"
  service_cidr_name      = "service-cidr"
  internal_lb_cidr_names = ["lb-cidr"]
  audit_policy           = "YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo="
  kubelet                = jsonencode({{ {kubelet} = {100 + rnd.randrange(150)} }})
  oidc = {{
    issuer_url   = "https://idp{i}.example.com"
    client_id    = "kubernetes"
    signing_algs = ["SIGNING_ALGORITHM_RS256"]
  }}
}}
'''
    variables = f'''variable "cluster_name" {{
  type    = string
  default = "cluster-{i}"
}}

variable "zone" {{
  type    = string
  default = "{zone}"
}}

variable "k8s_version" {{
  type    = string
  default = "v1.35"
}}
'''
    tfvars = f'cluster_name = "{name}"\nk8s_version  = "{version}"\n'
    return main, variables, tfvars


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rnd = random.Random(14)
    for i in range(n // 2):
        d = os.path.join(out, f"m{i:05d}")
        os.makedirs(d, exist_ok=True)
        main_tf, variables, tfvars = module(i, rnd)
        for name, text in (("main.tf", main_tf), ("variables.tf", variables), ("terraform.tfvars", tfvars)):
            with open(os.path.join(d, name), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
