//! Names people bring from other APIs and tools, mapped to the CKS request fields.
//!
//! People write a create-cluster request from memory of another cloud's API: `region` or
//! `location` for `zone`, `kubernetesVersion` for `version`, `clusterIpv4Cidr` for the pod
//! prefix. [`ALIASES`] declares those names, each with where it comes from, and
//! [`suggest`] puts them together with the generic matches (letter case, snake case, one
//! name containing the other, edit distance) into the one did-you-mean of CKS102. The
//! Terraform front-end uses the same two functions for its did-you-mean.
//!
//! Levels and fields are dotted schema paths in request terms (`""` is the request,
//! `network`, `oidc`): `lookup("podCidr", "network")` finds `network.podCidrName`. A
//! front-end with other names (Terraform's `pod_cidr_name`) maps the answer back itself.

use crate::rules::similarity;
use crate::source::snake_to_camel;
use std::sync::LazyLock;

/// Where a name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Google Kubernetes Engine, `projects.locations.clusters` (REST).
    Gke,
    /// Amazon EKS `CreateCluster` (REST).
    Eks,
    /// eksctl's `ClusterConfig` file (`metadata.name`, `metadata.region`, `metadata.version`).
    Eksctl,
    /// Azure Kubernetes Service, `Microsoft.ContainerService/managedClusters`.
    Aks,
    /// A Terraform provider or module (the CoreWeave provider's flat names, azurerm, terraform-aws-modules/eks).
    Terraform,
    /// The Pulumi CoreWeave provider (`coreweave:index/cksCluster:CksCluster`).
    Pulumi,
    /// The Crossplane (Upjet) CoreWeave provider (`spec.forProvider`).
    Crossplane,
}

impl Source {
    /// How messages name the source.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Gke => "GKE",
            Source::Eks => "EKS",
            Source::Eksctl => "eksctl",
            Source::Aks => "AKS",
            Source::Terraform => "Terraform",
            Source::Pulumi => "Pulumi",
            Source::Crossplane => "Crossplane",
        }
    }
}

/// One name from another API or tool.
#[derive(Debug, PartialEq, Eq)]
pub struct Alias {
    /// The name as people write it. Matching ignores letter case, `_` and `-`, so
    /// `kubernetes_version` finds `kubernetesVersion` too.
    pub name: &'static str,
    /// The objects (dotted schema paths) where people write it.
    pub levels: &'static [&'static str],
    /// The CKS field it stands for, as a dotted path from the request root, or `None`
    /// when CKS has no equivalent (then `note` says what to do instead).
    pub field: Option<&'static str>,
    /// Who uses the name.
    pub sources: &'static [Source],
    /// Where the name is documented.
    pub reference: &'static str,
    /// When the value must change shape too (a CIDR where CKS wants a prefix *name*), or
    /// what to do when there is no equivalent. Lower-case, no trailing period.
    pub note: Option<&'static str>,
}

const GKE_REST: &str = "https://docs.cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters";
const GKE_IP: &str =
    "https://docs.cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#IPAllocationPolicy";
const EKS_REST: &str = "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html";
const EKSCTL: &str = "https://eksctl.io/usage/schema/ (ClusterConfig metadata)";
const AKS_REST: &str = "https://learn.microsoft.com/en-us/azure/templates/microsoft.containerservice/managedclusters";
const TF_CW: &str = "terraform-provider-coreweave coreweave/cks/resource_cluster.go (coreweave_cks_cluster)";
const PULUMI_CW: &str = "pulumi-coreweave provider/cmd/pulumi-resource-coreweave/schema.json (CksCluster)";
const XP_CW: &str = "provider-coreweave apis/namespaced/cks/v1alpha1/zz_cluster_types.go (Cluster spec.forProvider)";

const NOT_A_CIDR: &str = "it holds the name of a VPC prefix, not a CIDR";
const NETWORK_FIELDS: &str =
    "the fields inside have CKS names too: `podCidrName`, `serviceCidrName` and `internalLbCidrNames`, each the name of a VPC prefix";
const ROOT: &[&str] = &[""];
const ROOT_NET: &[&str] = &["", "network"];

/// The declared table. Names the generic matches already find (`vpcID`, `zones`,
/// `vpc_id`, `podCidrName` at the wrong level) are not repeated here.
pub static ALIASES: &[Alias] = &[
    // --- where: zone -------------------------------------------------------------------
    Alias { name: "location", levels: ROOT, field: Some("zone"), sources: &[Source::Gke, Source::Aks], reference: GKE_REST, note: None },
    Alias { name: "region", levels: ROOT, field: Some("zone"), sources: &[Source::Eksctl], reference: EKSCTL, note: None },
    Alias {
        name: "availabilityZone",
        levels: ROOT,
        field: Some("zone"),
        sources: &[Source::Eks],
        reference: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Subnet.html (AvailabilityZone)",
        note: None,
    },
    // --- which Kubernetes: version -------------------------------------------------------
    Alias { name: "kubernetesVersion", levels: ROOT, field: Some("version"), sources: &[Source::Aks], reference: AKS_REST, note: None },
    Alias {
        name: "kubernetes_version",
        levels: ROOT,
        field: Some("version"),
        sources: &[Source::Terraform],
        reference: "azurerm_kubernetes_cluster; terraform-aws-modules/eks v21",
        note: None,
    },
    Alias {
        name: "cluster_version",
        levels: ROOT,
        field: Some("version"),
        sources: &[Source::Terraform],
        reference: "terraform-aws-modules/eks before v21",
        note: None,
    },
    Alias { name: "initialClusterVersion", levels: ROOT, field: Some("version"), sources: &[Source::Gke], reference: GKE_REST, note: None },
    Alias {
        name: "min_master_version",
        levels: ROOT,
        field: Some("version"),
        sources: &[Source::Terraform],
        reference: "google_container_cluster",
        note: None,
    },
    // --- the name ---------------------------------------------------------------------------
    Alias {
        name: "cluster_name",
        levels: ROOT,
        field: Some("name"),
        sources: &[Source::Terraform],
        reference: "terraform-aws-modules/eks `cluster_name`",
        note: None,
    },
    // --- the VPC ------------------------------------------------------------------------------
    Alias {
        name: "resourcesVpcConfig",
        levels: ROOT,
        field: Some("vpcId"),
        sources: &[Source::Eks],
        reference: EKS_REST,
        note: Some("CKS takes the VPC's ID (a UUID) in `vpcId`, and the VPC prefixes by name under `network`; subnets and security groups are not set here"),
    },
    Alias {
        name: "vpcIdRef",
        levels: ROOT,
        field: Some("vpcId"),
        sources: &[Source::Crossplane],
        reference: XP_CW,
        note: Some("the API takes the VPC's ID itself; Crossplane resolves a reference before it calls the API"),
    },
    Alias {
        name: "vpcIdSelector",
        levels: ROOT,
        field: Some("vpcId"),
        sources: &[Source::Crossplane],
        reference: XP_CW,
        note: Some("the API takes the VPC's ID itself; Crossplane resolves a selector before it calls the API"),
    },
    Alias {
        name: "sharedStorageClusterRef",
        levels: ROOT,
        field: Some("sharedStorageClusterId"),
        sources: &[Source::Crossplane],
        reference: XP_CW,
        note: Some("the API takes the cluster's ID itself; Crossplane resolves a reference before it calls the API"),
    },
    // --- the network mapping -----------------------------------------------------------------
    Alias { name: "ipAllocationPolicy", levels: ROOT, field: Some("network"), sources: &[Source::Gke], reference: GKE_REST, note: Some(NETWORK_FIELDS) },
    Alias { name: "kubernetesNetworkConfig", levels: ROOT, field: Some("network"), sources: &[Source::Eks], reference: EKS_REST, note: Some(NETWORK_FIELDS) },
    Alias { name: "networkProfile", levels: ROOT, field: Some("network"), sources: &[Source::Aks], reference: AKS_REST, note: Some(NETWORK_FIELDS) },
    Alias {
        name: "networkConfig",
        levels: ROOT,
        field: Some("network"),
        sources: &[Source::Gke],
        reference: GKE_REST,
        note: Some(NETWORK_FIELDS),
    },
    // --- pod and service prefixes --------------------------------------------------------------
    Alias {
        name: "clusterIpv4Cidr",
        levels: ROOT_NET,
        field: Some("network.podCidrName"),
        sources: &[Source::Gke],
        reference: GKE_REST,
        note: Some(NOT_A_CIDR),
    },
    Alias {
        name: "clusterIpv4CidrBlock",
        levels: ROOT_NET,
        field: Some("network.podCidrName"),
        sources: &[Source::Gke],
        reference: GKE_IP,
        note: Some(NOT_A_CIDR),
    },
    Alias {
        name: "clusterSecondaryRangeName",
        levels: ROOT_NET,
        field: Some("network.podCidrName"),
        sources: &[Source::Gke],
        reference: GKE_IP,
        note: None,
    },
    Alias {
        name: "podCidr",
        levels: ROOT_NET,
        field: Some("network.podCidrName"),
        sources: &[Source::Aks],
        reference: AKS_REST,
        note: Some(NOT_A_CIDR),
    },
    Alias {
        name: "servicesIpv4Cidr",
        levels: ROOT_NET,
        field: Some("network.serviceCidrName"),
        sources: &[Source::Gke],
        reference: GKE_REST,
        note: Some(NOT_A_CIDR),
    },
    Alias {
        name: "servicesIpv4CidrBlock",
        levels: ROOT_NET,
        field: Some("network.serviceCidrName"),
        sources: &[Source::Gke],
        reference: GKE_IP,
        note: Some(NOT_A_CIDR),
    },
    Alias {
        name: "servicesSecondaryRangeName",
        levels: ROOT_NET,
        field: Some("network.serviceCidrName"),
        sources: &[Source::Gke],
        reference: GKE_IP,
        note: None,
    },
    Alias {
        name: "serviceIpv4Cidr",
        levels: ROOT_NET,
        field: Some("network.serviceCidrName"),
        sources: &[Source::Eks],
        reference: EKS_REST,
        note: Some(NOT_A_CIDR),
    },
    Alias {
        name: "serviceCidr",
        levels: ROOT_NET,
        field: Some("network.serviceCidrName"),
        sources: &[Source::Aks],
        reference: AKS_REST,
        note: Some(NOT_A_CIDR),
    },
    // --- the same API in Terraform, Pulumi and Crossplane: flat, renamed ------------------------
    Alias {
        name: "node_port_range",
        levels: ROOT_NET,
        field: Some("network.serviceNodePortRange"),
        sources: &[Source::Terraform],
        reference: TF_CW,
        note: None,
    },
    Alias {
        name: "nodePortRange",
        levels: ROOT_NET,
        field: Some("network.serviceNodePortRange"),
        sources: &[Source::Pulumi, Source::Crossplane],
        reference: PULUMI_CW,
        note: None,
    },
    Alias {
        name: "internalLbCidrNamesV6s",
        levels: ROOT_NET,
        field: Some("network.internalLbCidrNamesV6"),
        sources: &[Source::Pulumi],
        reference: PULUMI_CW,
        note: None,
    },
    Alias {
        name: "signing_algs",
        levels: &["oidc"],
        field: Some("oidc.signingAlgorithms"),
        sources: &[Source::Terraform, Source::Pulumi],
        reference: TF_CW,
        note: None,
    },
    // --- api-server access -----------------------------------------------------------------------
    Alias {
        name: "endpointPublicAccess",
        levels: ROOT,
        field: Some("public"),
        sources: &[Source::Eks],
        reference: EKS_REST,
        note: None,
    },
    Alias {
        name: "masterAuthorizedNetworksConfig",
        levels: ROOT,
        field: None,
        sources: &[Source::Gke],
        reference: GKE_REST,
        note: Some("CKS has no allow-list of networks for the api-server: it is reachable only from inside the VPC unless `public: true`"),
    },
    Alias {
        name: "apiServerAccessProfile",
        levels: ROOT,
        field: None,
        sources: &[Source::Aks],
        reference: AKS_REST,
        note: Some("CKS has no allow-list of networks for the api-server: it is reachable only from inside the VPC unless `public: true`"),
    },
    Alias {
        name: "publicAccessCidrs",
        levels: ROOT,
        field: None,
        sources: &[Source::Eks],
        reference: EKS_REST,
        note: Some("CKS has no allow-list of networks for the api-server: it is reachable only from inside the VPC unless `public: true`"),
    },
    // --- kubelet -------------------------------------------------------------------------------------
    Alias {
        name: "kubeletConfig",
        levels: ROOT,
        field: Some("kubelet"),
        sources: &[Source::Aks, Source::Gke],
        reference: AKS_REST,
        note: None,
    },
];

/// The alias names, normalised once (see [`normalise`]).
static NORMALISED: LazyLock<Vec<String>> = LazyLock::new(|| ALIASES.iter().map(|a| normalise(a.name)).collect());

/// Lower case without `_` and `-`: `kubernetes_version`, `Kubernetes-Version` and
/// `kubernetesVersion` are one name.
fn normalise(name: &str) -> String {
    // ASCII (every field name) byte by byte: this runs for every listed unknown key.
    if name.is_ascii() {
        let mut bytes = Vec::with_capacity(name.len());
        bytes.extend(name.bytes().filter(|b| *b != b'_' && *b != b'-').map(|b| b.to_ascii_lowercase()));
        String::from_utf8(bytes).unwrap_or_default()
    } else {
        name.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
    }
}

/// The alias for `name` written in the object at `level` (a dotted schema path, `""` for
/// the request). An exact spelling wins over one that differs in case, `_` or `-`.
pub fn lookup(name: &str, level: &str) -> Option<&'static Alias> {
    let here = |a: &&Alias| a.levels.contains(&level);
    // The name first (most differ in length), the level only for a match.
    if let Some(a) = ALIASES.iter().find(|a| a.name == name && here(a)) {
        return Some(a);
    }
    let n = normalise(name);
    ALIASES.iter().zip(NORMALISED.iter()).find(|(a, an)| **an == n && here(a)).map(|(a, _)| a)
}

/// How a suggestion was found, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Same name but for letter case or snake case: `vpcID`, `pod_cidr_name`.
    Case,
    /// A declared name from another API or tool.
    Alias(&'static Alias),
    /// One name contains the other: `podCidr` → `podCidrName`, `clusterZone` → `zone`.
    Contains,
    /// Within a few edits: `zonee` → `zone`.
    Distance,
}

/// A did-you-mean for an unknown field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The field meant, as a dotted path from the request root (`network.podCidrName`);
    /// `None` for an alias with no CKS equivalent.
    pub field: Option<String>,
    pub via: Via,
}

impl Suggestion {
    /// The field's own name (the last segment of its path).
    pub fn name(&self) -> Option<&str> {
        self.field.as_deref().map(|f| f.rsplit('.').next().unwrap_or(f))
    }
    /// The object the field belongs to (`""` for the request).
    pub fn level(&self) -> Option<&str> {
        self.field.as_deref().map(|f| f.rsplit_once('.').map_or("", |(l, _)| l))
    }
}

/// The field an unknown `name` written at `level` most likely means, among `known` (the
/// fields a request may set at that level, in schema order): a letter-case or snake-case
/// variant, then a declared alias, then a unique field that contains the name or is
/// contained in it (four characters at least), then the unique closest field within a
/// few edits that keeps part of the name. `None` when nothing is close.
pub fn suggest(name: &str, level: &str, known: &[&str]) -> Option<Suggestion> {
    let at = |k: &str| Some(if level.is_empty() { k.to_string() } else { format!("{level}.{k}") });
    let camel = snake_to_camel(name);
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(name) || k.eq_ignore_ascii_case(&camel)) {
        return Some(Suggestion { field: at(k), via: Via::Case });
    }
    if let Some(a) = lookup(name, level) {
        return Some(Suggestion { field: a.field.map(str::to_string), via: Via::Alias(a) });
    }
    if let Some(k) = containing(name, known) {
        return Some(Suggestion { field: at(k), via: Via::Contains });
    }
    let chars = name.chars().count();
    let lower = name.to_lowercase();
    similarity::did_you_mean(name, known.iter().copied(), 2.max(chars / 4))
        .filter(|k| similarity::distance(&lower, &k.to_lowercase()) < chars)
        .map(|k| Suggestion { field: at(k), via: Via::Distance })
}

/// The known field that contains `name` (the shortest, when every other such field
/// contains it too: `internalLbCidr` → `internalLbCidrNames`, not `…NamesV6`), else the
/// known field of four characters or more that `name` contains (the longest, on the same
/// condition: `clusterZone` → `zone`). Case, `_` and `-` are ignored; `cidrName` is in
/// both `podCidrName` and `serviceCidrName`, so it finds neither.
fn containing<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let n = normalise(name);
    if n.chars().count() < 4 {
        return None;
    }
    // The known fields normalised once for both tests: this runs for every listed
    // unknown key, and hits are rare.
    let normalised: Vec<(String, &'a str)> = known.iter().map(|k| (normalise(k), *k)).collect();
    let hits = |test: &dyn Fn(&str) -> bool| -> Vec<&(String, &'a str)> { normalised.iter().filter(|(kn, _)| test(kn)).collect() };
    let wider = hits(&|kn| kn.len() >= n.len() && kn.contains(n.as_str()));
    if let Some(best) = wider.iter().min_by_key(|h| h.0.len()) {
        return wider.iter().all(|h| h.0.contains(best.0.as_str())).then_some(best.1);
    }
    let inner = hits(&|kn| kn.len() <= n.len() && kn.chars().count() >= 4 && n.contains(kn));
    let best = inner.iter().max_by_key(|h| h.0.len())?;
    inner.iter().all(|h| best.0.contains(h.0.as_str())).then_some(best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT_KNOWN: &[&str] = &[
        "name",
        "zone",
        "vpcId",
        "version",
        "network",
        "public",
        "oidc",
        "authzWebhook",
        "authnWebhook",
        "auditPolicy",
        "sharedStorageClusterId",
        "disableOidcInfoPublication",
        "kubelet",
        "additionalServerSans",
        "tailscale",
    ];
    const NET_KNOWN: &[&str] = &[
        "podCidrName",
        "serviceCidrName",
        "internalLbCidrNames",
        "podCidrNameV6",
        "serviceCidrNameV6",
        "internalLbCidrNamesV6",
        "serviceNodePortRange",
    ];

    fn field(name: &str, level: &str, known: &[&str]) -> Option<String> {
        suggest(name, level, known).and_then(|s| s.field)
    }

    #[test]
    fn every_alias_targets_a_field_of_the_schema_and_is_no_field_itself() {
        let table = crate::schema::table();
        for a in ALIASES {
            assert!(!a.sources.is_empty() && !a.reference.is_empty(), "{}", a.name);
            for level in a.levels {
                let shape = table.shape(level).unwrap_or_else(|| panic!("{}: no object `{level}`", a.name));
                assert!(shape.prop(a.name).is_none() && shape.prop(&snake_to_camel(a.name)).is_none(), "{} is a field", a.name);
            }
            if let Some(f) = a.field {
                let (level, name) = f.rsplit_once('.').unwrap_or(("", f));
                assert!(table.shape(level).and_then(|s| s.prop(name)).is_some(), "{}: no field `{f}`", a.name);
            } else {
                assert!(a.note.is_some(), "{}: no equivalent and no note", a.name);
            }
            if let Some(n) = a.note {
                let word: String = n.chars().take_while(|c| c.is_alphanumeric()).collect();
                let acronym = word.chars().filter(|c| c.is_uppercase()).count() >= 2;
                assert!(!n.ends_with('.') && (acronym || n.chars().next().is_some_and(|c| !c.is_uppercase())), "{n}");
            }
        }
        // No name is declared twice for one level.
        for (i, a) in ALIASES.iter().enumerate() {
            for b in &ALIASES[i + 1..] {
                assert!(
                    !(normalise(a.name) == normalise(b.name) && a.levels.iter().any(|l| b.levels.contains(l)) && a.field != b.field),
                    "{} / {}",
                    a.name,
                    b.name
                );
            }
        }
    }

    #[test]
    fn lookup_by_level_and_spelling() {
        assert_eq!(lookup("region", "").and_then(|a| a.field), Some("zone"));
        assert_eq!(lookup("region", "network"), None);
        assert_eq!(lookup("kubernetesVersion", "").map(|a| a.sources), Some(&[Source::Aks][..]));
        assert_eq!(lookup("kubernetes_version", "").map(|a| a.sources), Some(&[Source::Terraform][..]));
        assert_eq!(lookup("KubernetesVersion", "").map(|a| a.name), Some("kubernetesVersion"));
        assert_eq!(lookup("clusterIpv4Cidr", "network").and_then(|a| a.field), Some("network.podCidrName"));
        assert_eq!(lookup("clusterIpv4Cidr", "network").and_then(|a| a.note), Some(NOT_A_CIDR));
        assert_eq!(lookup("masterAuthorizedNetworksConfig", "").map(|a| a.field), Some(None));
        assert_eq!(lookup("signing_algs", "oidc").and_then(|a| a.field), Some("oidc.signingAlgorithms"));
        assert_eq!(lookup("signingAlgs", "oidc").and_then(|a| a.field), Some("oidc.signingAlgorithms"));
        assert_eq!(lookup("zone", ""), None);
    }

    #[test]
    fn suggestions_in_order_of_strength() {
        assert_eq!(suggest("vpcID", "", ROOT_KNOWN).map(|s| s.via), Some(Via::Case));
        assert_eq!(field("Zone", "", ROOT_KNOWN).as_deref(), Some("zone"));
        assert_eq!(field("region", "", ROOT_KNOWN).as_deref(), Some("zone"));
        assert_eq!(field("location", "", ROOT_KNOWN).as_deref(), Some("zone"));
        assert_eq!(field("kubernetesVersion", "", ROOT_KNOWN).as_deref(), Some("version"));
        // Containment, both ways.
        assert_eq!(suggest("podCidrNam", "network", NET_KNOWN).map(|s| s.via), Some(Via::Contains));
        assert_eq!(suggest("podCidrNme", "network", NET_KNOWN).map(|s| s.via), Some(Via::Distance));
        assert!(matches!(suggest("nodePortRange", "network", NET_KNOWN).map(|s| s.via), Some(Via::Alias(_))));
        assert_eq!(suggest("internalLbCidr", "network", NET_KNOWN).map(|s| s.via), Some(Via::Contains));
        assert_eq!(field("internalLbCidr", "network", NET_KNOWN).as_deref(), Some("network.internalLbCidrNames"));
        assert_eq!(field("clusterZone", "", ROOT_KNOWN).as_deref(), Some("zone"));
        assert_eq!(field("internalLbCidrNamesV6x", "network", NET_KNOWN).as_deref(), Some("network.internalLbCidrNamesV6"));
        assert_eq!(field("oidcConfig", "", ROOT_KNOWN).as_deref(), Some("oidc"));
        // `cidr` is in four fields: nothing is close enough to say.
        assert_eq!(field("cidrName", "network", NET_KNOWN), None);
        // Too short to contain anything, too far to be a typo.
        assert_eq!(field("foo", "", ROOT_KNOWN), None);
        assert_eq!(field("zonee", "", ROOT_KNOWN).as_deref(), Some("zone"));
        let s = suggest("clusterIpv4Cidr", "", ROOT_KNOWN).unwrap();
        assert_eq!((s.name(), s.level()), (Some("podCidrName"), Some("network")));
    }
}
