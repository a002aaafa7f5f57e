/**
 * Pods the input describes without a pod template of a built-in workload: pods that operators create for
 * their custom resources, and the pods every kubeadm cluster runs in kube-system. Each is known by the
 * labels its pods carry — fixed values, a choice of values, or any value for a key — so that a selector
 * (a Service's, a NetworkPolicy's) that aims at them is not reported as selecting nothing.
 *
 * An operator's pods carry the labels of its conventions plus those its resource asks for
 * (`spec.podMetadata.labels` and the like). A custom resource that embeds a real pod template is a workload
 * of the model (model.ts); its conventions add to that template, they never replace it.
 */
import type { K8sObject } from '../types.js';
import { labelsOf, valueAt } from './objects.js';

/** Values a label may take on the pods: one, a choice, or any ('*'). */
export type LabelValues = string | readonly string[] | '*';

export interface ManagedPods {
  /** The object the pods come from (a custom resource), or undefined for the cluster's own pods. */
  owner?: K8sObject;
  namespace: string;
  labels: Readonly<Record<string, LabelValues>>;
  /** Where the convention comes from, for messages and docs. */
  source: string;
}

/** Extra labels a resource asks for on its pods, at the given paths (each a string map). */
function extraLabels(obj: K8sObject, ...paths: ReadonlyArray<readonly string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) Object.assign(out, labelsOf(valueAt(obj.raw, p)));
  return out;
}

type Convention = (obj: K8sObject) => Record<string, LabelValues>;

/** Labels the operators of the common custom resources put on their pods, by API group and kind. */
const CONVENTIONS: Record<string, Record<string, Convention>> = {
  'monitoring.coreos.com': {
    Prometheus: (o) => ({
      ...extraLabels(o, ['spec', 'podMetadata', 'labels']),
      app: 'prometheus',
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/instance': o.name,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/version': '*',
      prometheus: o.name,
      'operator.prometheus.io/name': o.name,
      'operator.prometheus.io/shard': '*',
    }),
    PrometheusAgent: (o) => ({
      ...extraLabels(o, ['spec', 'podMetadata', 'labels']),
      'app.kubernetes.io/name': 'prometheus-agent',
      'app.kubernetes.io/instance': o.name,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/version': '*',
      'operator.prometheus.io/name': o.name,
      'operator.prometheus.io/shard': '*',
    }),
    Alertmanager: (o) => ({
      ...extraLabels(o, ['spec', 'podMetadata', 'labels']),
      app: 'alertmanager',
      'app.kubernetes.io/name': 'alertmanager',
      'app.kubernetes.io/instance': o.name,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/version': '*',
      alertmanager: o.name,
    }),
    ThanosRuler: (o) => ({
      ...extraLabels(o, ['spec', 'podMetadata', 'labels']),
      app: 'thanos-ruler',
      'app.kubernetes.io/name': 'thanos-ruler',
      'app.kubernetes.io/instance': o.name,
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'thanos-ruler': o.name,
    }),
  },
  'kafka.strimzi.io': Object.fromEntries(
    ['Kafka', 'KafkaConnect', 'KafkaMirrorMaker2', 'KafkaMirrorMaker', 'KafkaBridge', 'KafkaNodePool'].map(
      (kind) => [
        kind,
        (o: K8sObject) => {
          // A node pool's pods belong to the Kafka cluster its label names.
          const cluster = kind === 'KafkaNodePool' ? (o.labels['strimzi.io/cluster'] ?? '*') : o.name;
          return {
            'strimzi.io/cluster': cluster,
            'strimzi.io/kind': kind === 'KafkaNodePool' ? 'Kafka' : kind,
            'strimzi.io/name': '*',
            'strimzi.io/component-type': '*',
            'strimzi.io/pool-name': kind === 'KafkaNodePool' ? o.name : '*',
            'strimzi.io/broker-role': ['true', 'false'],
            'strimzi.io/controller-role': ['true', 'false'],
            'app.kubernetes.io/name': '*',
            'app.kubernetes.io/instance': cluster,
            'app.kubernetes.io/part-of': `strimzi-${cluster}`,
            'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
          };
        },
      ],
    ),
  ),
  'postgresql.cnpg.io': {
    Cluster: (o) => ({
      ...extraLabels(o, ['spec', 'inheritedMetadata', 'labels']),
      'cnpg.io/cluster': o.name,
      'cnpg.io/instanceName': '*',
      'cnpg.io/instanceRole': ['primary', 'replica'],
      'cnpg.io/podRole': 'instance',
      role: ['primary', 'replica'],
    }),
    Pooler: (o) => ({
      ...extraLabels(o, ['spec', 'template', 'metadata', 'labels']),
      'cnpg.io/poolerName': o.name,
      'cnpg.io/podRole': 'pooler',
      'cnpg.io/cluster':
        typeof valueAt(o.raw, ['spec', 'cluster', 'name']) === 'string'
          ? (valueAt(o.raw, ['spec', 'cluster', 'name']) as string)
          : '*',
    }),
  },
  'acid.zalan.do': {
    postgresql: (o) => ({
      application: 'spilo',
      'cluster-name': o.name,
      'spilo-role': ['master', 'replica', 'standby-leader'],
      team:
        typeof valueAt(o.raw, ['spec', 'teamId']) === 'string'
          ? (valueAt(o.raw, ['spec', 'teamId']) as string)
          : '*',
    }),
  },
  'elasticsearch.k8s.elastic.co': {
    Elasticsearch: (o) => ({
      'common.k8s.elastic.co/type': 'elasticsearch',
      'elasticsearch.k8s.elastic.co/cluster-name': o.name,
      'elasticsearch.k8s.elastic.co/statefulset-name': '*',
      'elasticsearch.k8s.elastic.co/node-master': ['true', 'false'],
      'elasticsearch.k8s.elastic.co/node-data': ['true', 'false'],
      'elasticsearch.k8s.elastic.co/node-ingest': ['true', 'false'],
      'elasticsearch.k8s.elastic.co/node-ml': ['true', 'false'],
      'elasticsearch.k8s.elastic.co/version': '*',
    }),
  },
  'kibana.k8s.elastic.co': {
    Kibana: (o) => ({ 'common.k8s.elastic.co/type': 'kibana', 'kibana.k8s.elastic.co/name': o.name }),
  },
  'apm.k8s.elastic.co': {
    ApmServer: (o) => ({ 'common.k8s.elastic.co/type': 'apm-server', 'apm.k8s.elastic.co/name': o.name }),
  },
  'beat.k8s.elastic.co': {
    Beat: (o) => ({ 'common.k8s.elastic.co/type': 'beat', 'beat.k8s.elastic.co/name': o.name }),
  },
  'agent.k8s.elastic.co': {
    Agent: (o) => ({ 'common.k8s.elastic.co/type': 'agent', 'agent.k8s.elastic.co/name': o.name }),
  },
  'logstash.k8s.elastic.co': {
    Logstash: (o) => ({ 'common.k8s.elastic.co/type': 'logstash', 'logstash.k8s.elastic.co/name': o.name }),
  },
  'jaegertracing.io': {
    Jaeger: (o) => ({
      app: 'jaeger',
      'app.kubernetes.io/name': '*',
      'app.kubernetes.io/instance': o.name,
      'app.kubernetes.io/component': ['all-in-one', 'collector', 'query', 'agent', 'ingester'],
      'app.kubernetes.io/part-of': 'jaeger',
      'app.kubernetes.io/managed-by': 'jaeger-operator',
    }),
  },
  'serving.knative.dev': {
    Service: (o) => ({
      'serving.knative.dev/service': o.name,
      'serving.knative.dev/configuration': o.name,
      'serving.knative.dev/revision': '*',
      app: '*',
    }),
  },
  'leaderworkerset.x-k8s.io': {
    LeaderWorkerSet: (o) => ({
      'leaderworkerset.sigs.k8s.io/name': o.name,
      'leaderworkerset.sigs.k8s.io/group-index': '*',
      'leaderworkerset.sigs.k8s.io/worker-index': '*',
      'leaderworkerset.sigs.k8s.io/group-key': '*',
      'leaderworkerset.sigs.k8s.io/template-revision-hash': '*',
    }),
  },
  'jobset.x-k8s.io': {
    JobSet: (o) => ({
      'jobset.sigs.k8s.io/jobset-name': o.name,
      'jobset.sigs.k8s.io/replicatedjob-name': '*',
      'jobset.sigs.k8s.io/replicatedjob-replicas': '*',
      'jobset.sigs.k8s.io/job-index': '*',
      'jobset.sigs.k8s.io/job-key': '*',
      'jobset.sigs.k8s.io/restart-attempt': '*',
      'job-name': '*',
      'batch.kubernetes.io/job-name': '*',
      'controller-uid': '*',
      'batch.kubernetes.io/controller-uid': '*',
      'batch.kubernetes.io/job-completion-index': '*',
    }),
  },
  'argoproj.io': {
    Rollout: () => ({ 'rollouts-pod-template-hash': '*' }),
  },
  'ray.io': Object.fromEntries(
    ['RayCluster', 'RayService', 'RayJob'].map((kind) => [
      kind,
      (o: K8sObject) => ({
        'ray.io/cluster': '*',
        'ray.io/node-type': ['head', 'worker'],
        'ray.io/group': '*',
        'ray.io/is-ray-node': 'yes',
        ...(kind === 'RayCluster' ? { 'ray.io/cluster': o.name } : {}),
      }),
    ]),
  ),
};

/**
 * The pods kubeadm (and kind, which uses it) runs in kube-system of every cluster: the static
 * control-plane pods and the add-ons it installs. Services and policies aimed at them are common.
 */
const CLUSTER_PODS: ReadonlyArray<Pick<ManagedPods, 'labels' | 'source'>> = [
  {
    labels: {
      component: ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'],
      tier: 'control-plane',
    },
    source: 'a static control-plane pod of kubeadm',
  },
  { labels: { 'k8s-app': 'kube-dns' }, source: 'CoreDNS, installed by kubeadm' },
  { labels: { 'k8s-app': 'kube-proxy' }, source: 'kube-proxy, installed by kubeadm' },
];

/**
 * Custom resources that configure other objects and never run pods or Services of their own: monitors and
 * rules, mesh routing and security, certificates, autoscaling triggers, traffic policies. Their names say
 * nothing about pods, so a selector value equal to one (a PodMonitor "worker" beside the Deployment "worker")
 * is not taken for an operator's pods.
 */
const CONFIGURATION_ONLY: Record<string, true | ReadonlySet<string>> = {
  'monitoring.coreos.com': new Set([
    'ServiceMonitor',
    'PodMonitor',
    'Probe',
    'PrometheusRule',
    'ScrapeConfig',
    'AlertmanagerConfig',
  ]),
  'networking.istio.io': true,
  'security.istio.io': true,
  'telemetry.istio.io': true,
  'extensions.istio.io': true,
  'cert-manager.io': true,
  'acme.cert-manager.io': true,
  'keda.sh': true,
  'split.smi-spec.io': true,
  'specs.smi-spec.io': true,
  'access.smi-spec.io': true,
  'policy.linkerd.io': true,
  'gateway.envoyproxy.io': true,
  'external-secrets.io': true,
  'bitnami.com': true,
  'argoproj.io': new Set(['AnalysisTemplate', 'ClusterAnalysisTemplate']),
  'linkerd.io': new Set(['ServiceProfile']),
};

/** Is the object a custom resource that only configures others (see CONFIGURATION_ONLY)? */
export function isConfigurationOnly(obj: K8sObject): boolean {
  if (!Object.hasOwn(CONFIGURATION_ONLY, obj.group)) return false;
  const kinds = CONFIGURATION_ONLY[obj.group] as true | ReadonlySet<string>;
  return kinds === true || kinds.has(obj.kind);
}

/** The pods an object's operator creates, known by convention; undefined for objects of no known operator. */
export function managedPodsOf(obj: K8sObject): ManagedPods | undefined {
  if (!Object.hasOwn(CONVENTIONS, obj.group)) return undefined;
  const byKind = CONVENTIONS[obj.group] as Record<string, Convention>;
  if (!Object.hasOwn(byKind, obj.kind) || !obj.name) return undefined;
  const convention = byKind[obj.kind] as Convention;
  return {
    owner: obj,
    namespace: obj.namespace,
    labels: convention(obj),
    source: `${obj.kind} "${obj.name}" (${obj.group})`,
  };
}

/**
 * Services the cluster and the common operators make without a manifest in the input, known by their labels
 * and port names, so that a selector over Services (a ServiceMonitor's) aimed at them is not reported:
 * the API server's `kubernetes` Service, kubeadm's CoreDNS Service, the kubelet Service prometheus-operator
 * maintains (`--kubelet-service`), and the governing Services it makes for Prometheus and Alertmanager.
 */
export interface KnownServices {
  namespace: string;
  labels: Readonly<Record<string, LabelValues>>;
  /** Their port names. */
  ports: readonly string[];
  source: string;
}

const CLUSTER_SERVICES: readonly KnownServices[] = [
  {
    namespace: 'default',
    labels: { component: 'apiserver', provider: 'kubernetes' },
    ports: ['https'],
    source: 'the API server\'s Service "kubernetes"',
  },
  {
    namespace: 'kube-system',
    labels: {
      'k8s-app': 'kube-dns',
      'kubernetes.io/cluster-service': 'true',
      'kubernetes.io/name': 'CoreDNS',
    },
    ports: ['dns', 'dns-tcp', 'metrics'],
    source: 'the CoreDNS Service kubeadm installs',
  },
  {
    namespace: 'kube-system',
    labels: {
      'k8s-app': 'kubelet',
      'app.kubernetes.io/name': 'kubelet',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
    },
    ports: ['https-metrics', 'http-metrics', 'cadvisor'],
    source: 'the kubelet Service prometheus-operator maintains',
  },
];

/** Governing Services prometheus-operator makes in the namespace of each of its resources. */
const OPERATED_SERVICES: Record<string, { labels: Record<string, string>; ports: string[] }> = {
  Prometheus: {
    labels: { 'operated-prometheus': 'true', 'app.kubernetes.io/managed-by': 'prometheus-operator' },
    ports: ['web', 'grpc'],
  },
  Alertmanager: {
    labels: { 'operated-alertmanager': 'true', 'app.kubernetes.io/managed-by': 'prometheus-operator' },
    ports: ['web', 'tcp-mesh', 'udp-mesh'],
  },
  ThanosRuler: {
    labels: { 'operated-thanos-ruler': 'true', 'app.kubernetes.io/managed-by': 'prometheus-operator' },
    ports: ['web', 'grpc'],
  },
};

/** The Services the cluster itself runs (see KnownServices). */
export function clusterServices(): readonly KnownServices[] {
  return CLUSTER_SERVICES;
}

/** The governing Service prometheus-operator makes for one of its resources, if it is one. */
export function operatedServiceOf(obj: K8sObject): KnownServices | undefined {
  if (obj.group !== 'monitoring.coreos.com' || !Object.hasOwn(OPERATED_SERVICES, obj.kind)) return undefined;
  const s = OPERATED_SERVICES[obj.kind] as { labels: Record<string, string>; ports: string[] };
  return { namespace: obj.namespace, labels: s.labels, ports: s.ports, source: `${obj.kind} "${obj.name}"` };
}

/** The cluster's own pods in kube-system. */
export function clusterPods(): ManagedPods[] {
  return CLUSTER_PODS.map((p) => ({ ...p, namespace: 'kube-system' }));
}

/** Can pods with these labels carry key=value (value undefined: the key at all)? */
export function managedHasLabel(pods: ManagedPods, key: string, value?: string): boolean {
  if (!Object.hasOwn(pods.labels, key)) return false;
  const v = pods.labels[key] as LabelValues;
  if (value === undefined || v === '*') return true;
  return typeof v === 'string' ? v === value : v.includes(value);
}
