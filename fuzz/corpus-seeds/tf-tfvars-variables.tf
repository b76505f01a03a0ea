variable "cluster_name" {
  type    = string
  default = "vllm-prod"
}

variable "zone" {
  type    = string
  default = "US-EAST-04A"
}

variable "k8s_version" {
  type    = string
  default = "v1.35"
}
