//! Kubernetes' own kubelet configuration validation cases, run through CKS242/CKS241.
//!
//! Transcribed from `pkg/kubelet/apis/config/validation/validation_test.go`
//! (`TestValidateKubeletConfiguration`: each case changes a valid configuration and expects
//! `ValidateKubeletConfiguration` to pass or to fail with a message) and
//! `validation_reserved_memory_test.go`, plus cases written from the branches of
//! `validation.go` that those tests do not reach (marked "from validation.go"). Upstream
//! validates a complete internal configuration; a CKS override is a partial v1beta1 file that
//! the kubelet defaults first, so each case is written as the override that produces upstream's
//! configuration change. Where the verdicts differ because of that defaulting, the case says
//! so ("deliberate").
//!
//! Each case: the requested version, the `kubelet:` body (YAML, two-space indented), and
//! `None` (upstream accepts: no CKS241/CKS242) or the CKS242 message and JSON pointer.

mod common;
use common::lint;

fn request(version: &str, body: &str) -> String {
    format!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: {version}\n\
network: {{podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}}\ndisableOidcInfoPublication: true\n\
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\nkubelet:\n{body}"
    )
}

type Case = (&'static str, &'static str, &'static str, Option<(&'static str, &'static str)>);

const CASES: &[Case] = &[
    // --- TestValidateKubeletConfiguration -------------------------------------------------
    ("Success", "v1.35", "  maxPods: 110\n", None),
    (
        "invalid NodeLeaseDurationSeconds (deliberate: a written 0 is defaulted to 40; -1 is rejected)",
        "v1.35",
        "  nodeLeaseDurationSeconds: -1\n",
        Some(("`nodeLeaseDurationSeconds` is -1; it must be greater than 0", "/kubelet/nodeLeaseDurationSeconds")),
    ),
    ("nodeLeaseDurationSeconds 0 is defaulted (deliberate)", "v1.35", "  nodeLeaseDurationSeconds: 0\n", None),
    (
        "specify EnforceNodeAllocatable without enabling CgroupsPerQOS",
        "v1.35",
        "  cgroupsPerQOS: false\n  enforceNodeAllocatable: [pods]\n",
        Some(("`cgroupsPerQOS` must be true when `pods` is in `enforceNodeAllocatable`", "/kubelet/cgroupsPerQOS")),
    ),
    (
        "cgroupsPerQOS false against the default enforceNodeAllocatable [pods]",
        "v1.35",
        "  cgroupsPerQOS: false\n",
        Some(("`cgroupsPerQOS` must be true when `pods` is in `enforceNodeAllocatable` (the default)", "/kubelet/cgroupsPerQOS")),
    ),
    ("cgroupsPerQOS false with enforcement none", "v1.35", "  cgroupsPerQOS: false\n  enforceNodeAllocatable: [none]\n", None),
    (
        "specify SystemCgroups without CgroupRoot",
        "v1.35",
        "  systemCgroups: /\n  cgroupRoot: \"\"\n",
        Some(("`systemCgroups` was specified and `cgroupRoot` was not", "/kubelet/systemCgroups")),
    ),
    ("systemCgroups with cgroupRoot", "v1.35", "  systemCgroups: /system.slice\n  cgroupRoot: /\n", None),
    (
        "invalid EventBurst",
        "v1.35",
        "  eventBurst: -1\n",
        Some(("`eventBurst` is -1; it must not be negative", "/kubelet/eventBurst")),
    ),
    (
        "invalid EventRecordQPS",
        "v1.35",
        "  eventRecordQPS: -1\n",
        Some(("`eventRecordQPS` is -1; it must not be negative", "/kubelet/eventRecordQPS")),
    ),
    (
        "invalid HealthzPort",
        "v1.35",
        "  healthzPort: 65536\n",
        Some(("`healthzPort` is 65536; it must be 0 (off) or between 1 and 65535", "/kubelet/healthzPort")),
    ),
    (
        "specify CPUCFSQuotaPeriod without enabling CPUCFSQuotaPeriod",
        "v1.35",
        "  featureGates: {CustomCPUCFSQuotaPeriod: false}\n  cpuCFSQuotaPeriod: 200ms\n",
        Some(("`cpuCFSQuotaPeriod` (200ms) requires feature gate `CustomCPUCFSQuotaPeriod`", "/kubelet/cpuCFSQuotaPeriod")),
    ),
    (
        "CPUCFSQuotaPeriod without the gate, which is off by default",
        "v1.34",
        "  cpuCFSQuotaPeriod: 25ms\n",
        Some(("`cpuCFSQuotaPeriod` (25ms) requires feature gate `CustomCPUCFSQuotaPeriod`", "/kubelet/cpuCFSQuotaPeriod")),
    ),
    ("CPUCFSQuotaPeriod at its default needs no gate", "v1.35", "  cpuCFSQuotaPeriod: 100ms\n", None),
    (
        "CPUCFSQuotaPeriod with the gate (successConfig)",
        "v1.35",
        "  featureGates: {CustomCPUCFSQuotaPeriod: true}\n  cpuCFSQuotaPeriod: 25ms\n",
        None,
    ),
    (
        "invalid CPUCFSQuotaPeriod",
        "v1.35",
        "  featureGates: {CustomCPUCFSQuotaPeriod: true}\n  cpuCFSQuotaPeriod: 2s\n",
        Some(("`cpuCFSQuotaPeriod` (2s) must be between 1ms and 1s, inclusive", "/kubelet/cpuCFSQuotaPeriod")),
    ),
    (
        "invalid ImageGCHighThresholdPercent",
        "v1.35",
        "  imageGCHighThresholdPercent: 101\n",
        Some(("`imageGCHighThresholdPercent` is 101; it must be between 0 and 100", "/kubelet/imageGCHighThresholdPercent")),
    ),
    (
        "invalid ImageGCLowThresholdPercent",
        "v1.35",
        "  imageGCLowThresholdPercent: -1\n",
        Some(("`imageGCLowThresholdPercent` is -1; it must be between 0 and 100", "/kubelet/imageGCLowThresholdPercent")),
    ),
    (
        "ImageGCLowThresholdPercent is equal to ImageGCHighThresholdPercent",
        "v1.35",
        "  imageGCHighThresholdPercent: 0\n  imageGCLowThresholdPercent: 0\n",
        Some(("`imageGCLowThresholdPercent` (0) must be less than `imageGCHighThresholdPercent` (0)", "/kubelet/imageGCLowThresholdPercent")),
    ),
    (
        "ImageGCLowThresholdPercent is greater than ImageGCHighThresholdPercent",
        "v1.35",
        "  imageGCHighThresholdPercent: 0\n  imageGCLowThresholdPercent: 1\n",
        Some(("`imageGCLowThresholdPercent` (1) must be less than `imageGCHighThresholdPercent` (0)", "/kubelet/imageGCLowThresholdPercent")),
    ),
    (
        "low threshold above the default high one",
        "v1.35",
        "  imageGCLowThresholdPercent: 90\n",
        Some((
            "`imageGCLowThresholdPercent` (90) must be less than `imageGCHighThresholdPercent` (85, the default)",
            "/kubelet/imageGCLowThresholdPercent",
        )),
    ),
    (
        "high threshold below the default low one",
        "v1.35",
        "  imageGCHighThresholdPercent: 70\n",
        Some((
            "`imageGCLowThresholdPercent` (80, the default) must be less than `imageGCHighThresholdPercent` (70)",
            "/kubelet/imageGCHighThresholdPercent",
        )),
    ),
    (
        "invalid IPTablesDropBit",
        "v1.35",
        "  iptablesDropBit: 32\n",
        Some(("`iptablesDropBit` is 32; it must be between 0 and 31", "/kubelet/iptablesDropBit")),
    ),
    (
        "invalid IPTablesMasqueradeBit",
        "v1.35",
        "  iptablesMasqueradeBit: 32\n",
        Some(("`iptablesMasqueradeBit` is 32; it must be between 0 and 31", "/kubelet/iptablesMasqueradeBit")),
    ),
    (
        "invalid KubeAPIBurst",
        "v1.35",
        "  kubeAPIBurst: -1\n",
        Some(("`kubeAPIBurst` is -1; it must not be negative", "/kubelet/kubeAPIBurst")),
    ),
    ("invalid KubeAPIQPS", "v1.35", "  kubeAPIQPS: -1\n", Some(("`kubeAPIQPS` is -1; it must not be negative", "/kubelet/kubeAPIQPS"))),
    (
        "invalid NodeStatusMaxImages",
        "v1.35",
        "  nodeStatusMaxImages: -2\n",
        Some(("`nodeStatusMaxImages` is -2; it must be -1 (no limit) or more", "/kubelet/nodeStatusMaxImages")),
    ),
    (
        "invalid MaxOpenFiles",
        "v1.35",
        "  maxOpenFiles: -1\n",
        Some(("`maxOpenFiles` is -1; it must not be negative", "/kubelet/maxOpenFiles")),
    ),
    ("invalid MaxPods", "v1.35", "  maxPods: -1\n", Some(("`maxPods` is -1; it must not be negative", "/kubelet/maxPods"))),
    (
        "invalid OOMScoreAdj",
        "v1.35",
        "  oomScoreAdj: 1001\n",
        Some(("`oomScoreAdj` is 1001; it must be between -1000 and 1000", "/kubelet/oomScoreAdj")),
    ),
    ("invalid PodsPerCore", "v1.35", "  podsPerCore: -1\n", Some(("`podsPerCore` is -1; it must not be negative", "/kubelet/podsPerCore"))),
    ("invalid Port", "v1.35", "  port: 65536\n", Some(("`port` is 65536; it must be between 1 and 65535", "/kubelet/port"))),
    ("port 0 is defaulted to 10250 (deliberate)", "v1.35", "  port: 0\n", None),
    (
        "invalid ReadOnlyPort",
        "v1.35",
        "  readOnlyPort: 65536\n",
        Some(("`readOnlyPort` is 65536; it must be 0 (off) or between 1 and 65535", "/kubelet/readOnlyPort")),
    ),
    (
        "invalid RegistryBurst",
        "v1.35",
        "  registryBurst: -1\n",
        Some(("`registryBurst` is -1; it must not be negative", "/kubelet/registryBurst")),
    ),
    (
        "invalid RegistryPullQPS",
        "v1.35",
        "  registryPullQPS: -1\n",
        Some(("`registryPullQPS` is -1; it must not be negative", "/kubelet/registryPullQPS")),
    ),
    (
        "invalid MaxParallelImagePulls",
        "v1.35",
        "  maxParallelImagePulls: 0\n",
        Some(("`maxParallelImagePulls` is 0; it must be at least 1", "/kubelet/maxParallelImagePulls")),
    ),
    (
        "invalid MaxParallelImagePulls and SerializeImagePulls combination",
        "v1.35",
        "  maxParallelImagePulls: 3\n  serializeImagePulls: true\n",
        Some(("`maxParallelImagePulls: 3` needs `serializeImagePulls: false`", "/kubelet/maxParallelImagePulls")),
    ),
    (
        "valid MaxParallelImagePulls and SerializeImagePulls combination",
        "v1.35",
        "  maxParallelImagePulls: 1\n  serializeImagePulls: true\n",
        None,
    ),
    ("MaxParallelImagePulls alone: serializeImagePulls defaults to false", "v1.35", "  maxParallelImagePulls: 3\n", None),
    (
        "specify ServerTLSBootstrap without enabling RotateKubeletServerCertificate",
        "v1.35",
        "  featureGates: {RotateKubeletServerCertificate: false}\n  serverTLSBootstrap: true\n",
        Some((
            "`serverTLSBootstrap: true` requires feature gate `RotateKubeletServerCertificate`",
            "/kubelet/serverTLSBootstrap",
        )),
    ),
    ("ServerTLSBootstrap with the gate on by default", "v1.35", "  serverTLSBootstrap: true\n", None),
    (
        "invalid TopologyManagerPolicy",
        "v1.35",
        "  topologyManagerPolicy: invalid-policy\n",
        Some(("`invalid-policy` is not a valid `topologyManagerPolicy`", "/kubelet/topologyManagerPolicy")),
    ),
    ("empty TopologyManagerPolicy is defaulted to none", "v1.35", "  topologyManagerPolicy: \"\"\n", None),
    (
        "invalid TopologyManagerScope",
        "v1.35",
        "  topologyManagerScope: invalid-scope\n",
        Some(("`invalid-scope` is not a valid `topologyManagerScope`", "/kubelet/topologyManagerScope")),
    ),
    (
        "ShutdownGracePeriodCriticalPods is greater than ShutdownGracePeriod",
        "v1.35",
        "  featureGates: {GracefulNodeShutdown: true}\n  shutdownGracePeriodCriticalPods: 2s\n  shutdownGracePeriod: 1s\n",
        Some((
            "`shutdownGracePeriodCriticalPods` (2s) must not exceed `shutdownGracePeriod` (1s)",
            "/kubelet/shutdownGracePeriodCriticalPods",
        )),
    ),
    (
        "critical pods period alone exceeds the default (0) total",
        "v1.35",
        "  shutdownGracePeriodCriticalPods: 10s\n",
        Some((
            "`shutdownGracePeriodCriticalPods` (10s) must not exceed `shutdownGracePeriod` (0s, unset)",
            "/kubelet/shutdownGracePeriodCriticalPods",
        )),
    ),
    (
        "ShutdownGracePeriod is less than 1 sec",
        "v1.35",
        "  featureGates: {GracefulNodeShutdown: true}\n  shutdownGracePeriod: 1ms\n",
        Some(("`shutdownGracePeriod` must be 0 or at least 1s", "/kubelet/shutdownGracePeriod")),
    ),
    (
        "ShutdownGracePeriodCriticalPods is less than 1 sec",
        "v1.35",
        "  shutdownGracePeriod: 30s\n  shutdownGracePeriodCriticalPods: 1ms\n",
        Some(("`shutdownGracePeriodCriticalPods` must be 0 or at least 1s", "/kubelet/shutdownGracePeriodCriticalPods")),
    ),
    (
        "specify ShutdownGracePeriod without enabling GracefulNodeShutdown",
        "v1.35",
        "  featureGates: {GracefulNodeShutdown: false}\n  shutdownGracePeriod: 1s\n",
        Some((
            "`shutdownGracePeriod` and `shutdownGracePeriodCriticalPods` require feature gate `GracefulNodeShutdown`",
            "/kubelet/shutdownGracePeriod",
        )),
    ),
    (
        "specify ShutdownGracePeriodCriticalPods without enabling GracefulNodeShutdown",
        "v1.35",
        "  featureGates: {GracefulNodeShutdown: false}\n  shutdownGracePeriodCriticalPods: 1s\n",
        Some((
            "`shutdownGracePeriod` and `shutdownGracePeriodCriticalPods` require feature gate `GracefulNodeShutdown`",
            "/kubelet/shutdownGracePeriodCriticalPods",
        )),
    ),
    (
        "invalid MemorySwap.SwapBehavior",
        "v1.35",
        "  memorySwap: {swapBehavior: invalid-behavior}\n",
        Some(("`invalid-behavior` is not a valid `memorySwap.swapBehavior`", "/kubelet/memorySwap/swapBehavior")),
    ),
    (
        "specify MemorySwap.SwapBehavior without enabling NodeSwap (NodeSwap is locked on from v1.34)",
        "v1.35",
        "  featureGates: {NodeSwap: false}\n  memorySwap: {swapBehavior: LimitedSwap}\n",
        Some(("cannot set feature gate `NodeSwap` to false, feature is locked to true", "/kubelet/featureGates/NodeSwap")),
    ),
    ("valid MemorySwap.SwapBehavior", "v1.35", "  memorySwap: {swapBehavior: NoSwap}\n", None),
    (
        "specify SystemReservedEnforcementKey without specifying SystemReservedCgroup",
        "v1.35",
        "  enforceNodeAllocatable: [system-reserved]\n  systemReservedCgroup: \"\"\n",
        Some(("`system-reserved` in `enforceNodeAllocatable` needs `systemReservedCgroup`", "/kubelet/enforceNodeAllocatable/0")),
    ),
    (
        "specify KubeReservedEnforcementKey without specifying KubeReservedCgroup",
        "v1.35",
        "  enforceNodeAllocatable: [kube-reserved]\n",
        Some(("`kube-reserved` in `enforceNodeAllocatable` needs `kubeReservedCgroup`", "/kubelet/enforceNodeAllocatable/0")),
    ),
    (
        "specify NodeAllocatableNoneKey with additional enforcements",
        "v1.35",
        "  enforceNodeAllocatable: [none, kube-reserved]\n  kubeReservedCgroup: /kubelet.service\n",
        Some(("`none` must be the only `enforceNodeAllocatable` entry", "/kubelet/enforceNodeAllocatable/0")),
    ),
    (
        "invalid EnforceNodeAllocatable",
        "v1.35",
        "  enforceNodeAllocatable: [invalid-enforce-node-allocatable]\n",
        Some(("`invalid-enforce-node-allocatable` is not a valid `enforceNodeAllocatable` entry", "/kubelet/enforceNodeAllocatable/0")),
    ),
    (
        "system-reserved with its -compressible twin (from validation.go)",
        "v1.35",
        "  enforceNodeAllocatable: [system-reserved, system-reserved-compressible]\n  systemReservedCgroup: /system.slice\n",
        Some((
            "both `system-reserved` and `system-reserved-compressible` cannot be specified together in `enforceNodeAllocatable`",
            "/kubelet/enforceNodeAllocatable/1",
        )),
    ),
    (
        "kube-reserved-compressible alone (from validation.go)",
        "v1.35",
        "  enforceNodeAllocatable: [pods, kube-reserved-compressible]\n  kubeReservedCgroup: /kubelet.service\n",
        None,
    ),
    (
        "invalid HairpinMode",
        "v1.35",
        "  hairpinMode: invalid-hair-pin-mode\n",
        Some(("`invalid-hair-pin-mode` is not a valid `hairpinMode`", "/kubelet/hairpinMode")),
    ),
    (
        "specify ReservedSystemCPUs with SystemReservedCgroup",
        "v1.35",
        "  reservedSystemCPUs: 0-3\n  systemReservedCgroup: /system.slice\n",
        Some(("`reservedSystemCPUs` cannot be combined with `systemReservedCgroup`", "/kubelet/reservedSystemCPUs")),
    ),
    (
        "specify ReservedSystemCPUs with KubeReservedCgroup",
        "v1.35",
        "  reservedSystemCPUs: 0-3\n  kubeReservedCgroup: /system.slice\n",
        Some(("`reservedSystemCPUs` cannot be combined with `kubeReservedCgroup`", "/kubelet/reservedSystemCPUs")),
    ),
    ("ReservedSystemCPUs with an empty cgroup (\"\" is unset)", "v1.35", "  reservedSystemCPUs: 0-3\n  systemReservedCgroup: \"\"\n", None),
    (
        "invalid ReservedSystemCPUs",
        "v1.35",
        "  reservedSystemCPUs: invalid-reserved-system-cpus\n",
        Some(("`reservedSystemCPUs` `invalid-reserved-system-cpus` is not a CPU list", "/kubelet/reservedSystemCPUs")),
    ),
    (
        "enable MemoryQoS without specifying MemoryThrottlingFactor (deliberate: defaulting sets 0.9)",
        "v1.35",
        "  featureGates: {MemoryQoS: true}\n",
        None,
    ),
    (
        "invalid MemoryThrottlingFactor",
        "v1.35",
        "  memoryThrottlingFactor: 1.1\n",
        Some(("`memoryThrottlingFactor` is 1.1; it must be greater than 0 and at most 1", "/kubelet/memoryThrottlingFactor")),
    ),
    (
        "invalid Taint.TimeAdded",
        "v1.35",
        "  registerWithTaints: [{key: dedicated, effect: NoSchedule, timeAdded: \"2024-01-01T00:00:00Z\"}]\n",
        Some(("`registerWithTaints[0].timeAdded` must not be set", "/kubelet/registerWithTaints/0/timeAdded")),
    ),
    (
        "invalid taint key (CheckTaintValidation)",
        "v1.35",
        "  registerWithTaints: [{key: \"-bad\", effect: NoSchedule}]\n",
        Some(("invalid taint: `registerWithTaints[0].key` `-bad` is not a qualified name", "/kubelet/registerWithTaints/0/key")),
    ),
    ("valid taint", "v1.35", "  registerWithTaints: [{key: example.com/gpu, value: \"true\", effect: NoSchedule}]\n", None),
    (
        "specify tracing with KubeletTracing disabled (KubeletTracing is locked on from v1.34)",
        "v1.35",
        "  featureGates: {KubeletTracing: false}\n  tracing: {samplingRatePerMillion: 99999}\n",
        Some(("cannot set feature gate `KubeletTracing` to false, feature is locked to true", "/kubelet/featureGates/KubeletTracing")),
    ),
    (
        "specify tracing invalid sampling rate",
        "v1.35",
        "  tracing: {samplingRatePerMillion: -1}\n",
        Some((
            "`tracing.samplingRatePerMillion` is -1; it must be between 0 and 1000000",
            "/kubelet/tracing/samplingRatePerMillion",
        )),
    ),
    (
        "specify tracing invalid endpoint",
        "v1.35",
        "  tracing: {endpoint: \"dn%2s://localhost:4317\"}\n",
        Some(("`tracing.endpoint` `dn%2s://localhost:4317` is not a valid endpoint URL", "/kubelet/tracing/endpoint")),
    ),
    (
        "tracing endpoint with an http scheme",
        "v1.35",
        "  tracing: {endpoint: \"http://otel:4317\"}\n",
        Some(("`tracing.endpoint` has the unsupported scheme `http`", "/kubelet/tracing/endpoint")),
    ),
    ("tracing endpoint host:port", "v1.35", "  tracing: {endpoint: \"localhost:4317\", samplingRatePerMillion: 1000000}\n", None),
    (
        "invalid GracefulNodeShutdownBasedOnPodPriority",
        "v1.35",
        "  shutdownGracePeriod: 30s\n  shutdownGracePeriodByPodPriority: [{priority: 0, shutdownGracePeriodSeconds: 0}]\n",
        Some(("`shutdownGracePeriod` cannot be combined with `shutdownGracePeriodByPodPriority`", "/kubelet/shutdownGracePeriod")),
    ),
    (
        "Specifying shutdownGracePeriodByPodPriority without enable GracefulNodeShutdownBasedOnPodPriority",
        "v1.35",
        "  featureGates: {GracefulNodeShutdownBasedOnPodPriority: false}\n  shutdownGracePeriodByPodPriority: [{priority: 0, shutdownGracePeriodSeconds: 0}]\n",
        Some((
            "`shutdownGracePeriodByPodPriority` requires feature gate `GracefulNodeShutdownBasedOnPodPriority`",
            "/kubelet/shutdownGracePeriodByPodPriority",
        )),
    ),
    (
        "enableSystemLogQuery is enabled without NodeLogQuery feature gate",
        "v1.35",
        "  enableSystemLogQuery: true\n",
        Some(("feature gate `NodeLogQuery` is required for `enableSystemLogQuery`", "/kubelet/enableSystemLogQuery")),
    ),
    ("enableSystemLogQuery with NodeLogQuery", "v1.35", "  featureGates: {NodeLogQuery: true}\n  enableSystemLogQuery: true\n", None),
    (
        "enableSystemLogQuery is enabled without enableSystemLogHandler",
        "v1.35",
        "  featureGates: {NodeLogQuery: true}\n  enableSystemLogHandler: false\n  enableSystemLogQuery: true\n",
        Some(("`enableSystemLogHandler` is required for `enableSystemLogQuery`", "/kubelet/enableSystemLogQuery")),
    ),
    (
        "imageMaximumGCAge should not be specified without feature gate",
        "v1.34",
        "  featureGates: {ImageMaximumGCAge: false}\n  imageMaximumGCAge: 1h\n",
        Some(("feature gate `ImageMaximumGCAge` is required for `imageMaximumGCAge`", "/kubelet/imageMaximumGCAge")),
    ),
    (
        "ImageMaximumGCAge is locked on in v1.35",
        "v1.35",
        "  featureGates: {ImageMaximumGCAge: false}\n",
        Some(("cannot set feature gate `ImageMaximumGCAge` to false, feature is locked to true", "/kubelet/featureGates/ImageMaximumGCAge")),
    ),
    ("imageMaximumGCAge with the gate on by default", "v1.34", "  imageMaximumGCAge: 1h\n", None),
    (
        "imageMaximumGCAge should not be negative",
        "v1.35",
        "  imageMaximumGCAge: -1ns\n",
        Some(("`imageMaximumGCAge` must not be negative", "/kubelet/imageMaximumGCAge")),
    ),
    (
        "imageMaximumGCAge should not be less than imageMinimumGCAge",
        "v1.35",
        "  imageMaximumGCAge: 1ns\n  imageMinimumGCAge: 2ns\n",
        Some(("`imageMaximumGCAge` (0.000000001s) must be greater than `imageMinimumGCAge` (0.000000002s)", "/kubelet/imageMaximumGCAge")),
    ),
    (
        "imageMaximumGCAge below the default minimum age",
        "v1.35",
        "  imageMaximumGCAge: 1m\n",
        Some(("`imageMaximumGCAge` (1m) must be greater than `imageMinimumGCAge` (2m, the default)", "/kubelet/imageMaximumGCAge")),
    ),
    (
        "containerLogMaxWorkers must be greater than or equal to 1",
        "v1.35",
        "  containerLogMaxWorkers: 0\n",
        Some(("`containerLogMaxWorkers` is 0; it must be at least 1", "/kubelet/containerLogMaxWorkers")),
    ),
    (
        "containerLogMonitorInterval must be a positive time duration",
        "v1.35",
        "  containerLogMonitorInterval: -1s\n",
        Some(("`containerLogMonitorInterval` is -1s; it must be at least 3s", "/kubelet/containerLogMonitorInterval")),
    ),
    (
        "containerLogMonitorInterval must be at least 3s or higher",
        "v1.35",
        "  containerLogMonitorInterval: 2s\n",
        Some(("`containerLogMonitorInterval` is 2s; it must be at least 3s", "/kubelet/containerLogMonitorInterval")),
    ),
    // --- from validation.go: gated options and the rest -----------------------------------
    (
        "CrashLoopBackOff.MaxContainerRestartPeriod with the gate off",
        "v1.34",
        "  crashLoopBackOff: {maxContainerRestartPeriod: 100s}\n",
        Some((
            "`crashLoopBackOff.maxContainerRestartPeriod` must not be set: feature gate `KubeletCrashLoopBackOffMax` is not enabled",
            "/kubelet/crashLoopBackOff/maxContainerRestartPeriod",
        )),
    ),
    ("CrashLoopBackOff with the gate set", "v1.34", "  featureGates: {KubeletCrashLoopBackOffMax: true}\n  crashLoopBackOff: {maxContainerRestartPeriod: 100s}\n", None),
    (
        "CrashLoopBackOff.MaxContainerRestartPeriod out of range",
        "v1.35",
        "  crashLoopBackOff: {maxContainerRestartPeriod: 301s}\n",
        Some((
            "`crashLoopBackOff.maxContainerRestartPeriod` must be between 1s and 300s",
            "/kubelet/crashLoopBackOff/maxContainerRestartPeriod",
        )),
    ),
    (
        "imagePullCredentialsVerificationPolicy without KubeletEnsureSecretPulledImages",
        "v1.34",
        "  imagePullCredentialsVerificationPolicy: AlwaysVerify\n",
        Some((
            "`imagePullCredentialsVerificationPolicy` must not be set if feature gate `KubeletEnsureSecretPulledImages` is not enabled",
            "/kubelet/imagePullCredentialsVerificationPolicy",
        )),
    ),
    ("imagePullCredentialsVerificationPolicy with the gate on", "v1.35", "  imagePullCredentialsVerificationPolicy: AlwaysVerify\n", None),
    (
        "allowlist with the default policy",
        "v1.35",
        "  preloadedImagesVerificationAllowlist: [registry.k8s.io/pause]\n",
        Some((
            "`preloadedImagesVerificationAllowlist` needs `imagePullCredentialsVerificationPolicy: NeverVerifyAllowlistedImages`",
            "/kubelet/preloadedImagesVerificationAllowlist",
        )),
    ),
    (
        "allowlist with its policy",
        "v1.35",
        "  imagePullCredentialsVerificationPolicy: NeverVerifyAllowlistedImages\n  preloadedImagesVerificationAllowlist: [registry.k8s.io/pause]\n",
        None,
    ),
    (
        "memoryReservationPolicy TieredReservation without MemoryQoS (unconfirmed in v1.36: set the gate)",
        "v1.36",
        "  featureGates: {MemoryQoS: false}\n  memoryReservationPolicy: TieredReservation\n",
        Some(("`memoryReservationPolicy` `TieredReservation` requires feature gate `MemoryQoS`", "/kubelet/memoryReservationPolicy")),
    ),
    ("memoryReservationPolicy when MemoryQoS's v1.36 default is unconfirmed", "v1.36", "  memoryReservationPolicy: TieredReservation\n", None),
    (
        "showHiddenMetricsForVersion other than the previous minor (metrics.ValidateShowHiddenMetricsVersion)",
        "v1.35",
        "  showHiddenMetricsForVersion: \"1.33\"\n",
        Some((
            "`showHiddenMetricsForVersion` must be omitted or have the value `1.34`; only the previous minor version is allowed",
            "/kubelet/showHiddenMetricsForVersion",
        )),
    ),
    ("showHiddenMetricsForVersion the previous minor", "v1.35", "  showHiddenMetricsForVersion: \"1.34\"\n", None),
    (
        "logging format not registered (logsapi.Validate)",
        "v1.35",
        "  logging: {format: yaml}\n",
        Some(("`logging.format` `yaml` is not a supported log format", "/kubelet/logging/format")),
    ),
    ("logging format json", "v1.35", "  logging: {format: json}\n", None),
    (
        "vmodule with json (logsapi.Validate)",
        "v1.35",
        "  logging: {format: json, vmodule: [{filePattern: kubelet, verbosity: 4}]}\n",
        Some(("`logging.vmodule` is only supported for the text log format", "/kubelet/logging/vmodule")),
    ),
    (
        "splitStream without LoggingAlphaOptions (validateTextOptions)",
        "v1.35",
        "  logging: {options: {text: {splitStream: true}}}\n",
        Some(("`logging.options.text.splitStream` needs feature gate `LoggingAlphaOptions`", "/kubelet/logging/options/text/splitStream")),
    ),
    ("splitStream with LoggingAlphaOptions", "v1.35", "  featureGates: {LoggingAlphaOptions: true}\n  logging: {options: {text: {splitStream: true}}}\n", None),
    ("podLogsDir \"\" is defaulted", "v1.35", "  podLogsDir: \"\"\n", None),
    (
        "podLogsDir not absolute",
        "v1.35",
        "  podLogsDir: var/log/pods\n",
        Some(("`podLogsDir` `var/log/pods` must be an absolute, clean ASCII path", "/kubelet/podLogsDir")),
    ),
    ("containerRuntimeEndpoint \"\" is defaulted", "v1.35", "  containerRuntimeEndpoint: \"\"\n", None),
    // --- validation_reserved_memory_test.go ---------------------------------------------
    ("reserved memory: valid", "v1.35", "  reservedMemory: [{numaNode: 0, limits: {memory: 1Gi, hugepages-1Gi: 2Gi}}, {numaNode: 1, limits: {memory: 1Gi}}]\n", None),
    (
        "reserved memory: unsupported limit type",
        "v1.35",
        "  reservedMemory: [{numaNode: 0, limits: {cpu: \"1\"}}]\n",
        Some((
            "the limit type `cpu` for NUMA node 0 is not supported, only `memory` and `hugepages-<size>` are accepted",
            "/kubelet/reservedMemory/0/limits/cpu",
        )),
    ),
    (
        "reserved memory: zero",
        "v1.35",
        "  reservedMemory: [{numaNode: 0, limits: {memory: \"0\"}}]\n",
        Some(("reserved memory may not be zero for NUMA node 0 and resource `memory`", "/kubelet/reservedMemory/0/limits/memory")),
    ),
    (
        "reserved memory: duplicate NUMA node and resource",
        "v1.35",
        "  reservedMemory: [{numaNode: 0, limits: {memory: 1Gi}}, {numaNode: 0, limits: {memory: 2Gi}}]\n",
        Some((
            "the reserved memory has a duplicate value for NUMA node 0 and resource `memory`",
            "/kubelet/reservedMemory/1/limits/memory",
        )),
    ),
    // --- featureGates (featuregate SetFromMap) -------------------------------------------
    ("an unlocked gate can be turned off", "v1.35", "  featureGates: {GracefulNodeShutdown: false}\n", None),
    (
        "a locked gate set to its own value",
        "v1.35",
        "  featureGates: {NodeSwap: true, KubeletCgroupDriverFromCRI: true}\n",
        None,
    ),
];

#[test]
fn upstream_kubelet_validation_cases() {
    let mut failures = Vec::new();
    for (name, version, body, expected) in CASES {
        let file = lint("k.yaml", &request(version, body));
        let found: Vec<(&str, &str, &str)> = file
            .diagnostics
            .iter()
            .filter(|d| matches!(d.rule.code, "CKS241" | "CKS242"))
            .map(|d| (d.rule.code, d.message.as_str(), d.pointer.as_str()))
            .collect();
        let ok = match expected {
            None => found.is_empty(),
            Some((message, pointer)) => found.iter().any(|(c, m, p)| *c == "CKS242" && m == message && p == pointer),
        };
        if !ok {
            failures.push(format!("{name} ({version}): expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases disagree:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn cases_go_both_ways() {
    let accepted = CASES.iter().filter(|c| c.3.is_none()).count();
    assert!(accepted >= 25 && CASES.len() - accepted >= 60, "{accepted} of {}", CASES.len());
}
