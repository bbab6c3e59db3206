/**
 * The desired size of the cluster: spec.replicas of the node's own
 * StatefulSet, read through the Kubernetes API with the pod's service
 * account (the chart's Role grants exactly `get` on that one StatefulSet).
 *
 * Why the API and not the environment: a replica count in the pod template
 * or its ConfigMap changes every pod on each scale (a rolling restart that
 * costs a quorum per pod), and `kubectl scale` changes neither. spec.replicas
 * is what both `kubectl scale` and `helm upgrade` set, and it is set before
 * the StatefulSet controller deletes a pod, so a pod told to stop can tell a
 * scale-down (its ordinal is at or past spec.replicas) from a restart.
 *
 * The client library is loaded on first use: it is an ES module, which
 * Node 20.19+ loads through require(), and nothing else needs it.
 */
import { errorMessage } from '../errors';

export interface ReplicaSource {
  /** spec.replicas now; rejects when the API cannot be asked. */
  desiredReplicas(): Promise<number>;
}

export interface StatefulSetRef {
  readonly namespace: string;
  readonly name: string;
  /** Deadline of one request. */
  readonly timeoutMs: number;
}

/**
 * Reads spec.replicas through the in-cluster configuration (the mounted
 * service account token, KUBERNETES_SERVICE_HOST/PORT), or $KUBECONFIG when
 * set, as every Kubernetes client does.
 */
export async function kubernetesReplicaSource(ref: StatefulSetRef): Promise<ReplicaSource> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault();
  const api = kc.makeApiClient(k8s.AppsV1Api);
  return {
    desiredReplicas: async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ref.timeoutMs} ms`)), ref.timeoutMs);
        timer.unref();
      });
      try {
        const sts = await Promise.race([api.readNamespacedStatefulSet({ name: ref.name, namespace: ref.namespace }), timeout]);
        const replicas = sts.spec?.replicas;
        // The API defaults an unset spec.replicas to 1.
        return typeof replicas === 'number' ? replicas : 1;
      } catch (err) {
        throw new Error(`reading StatefulSet ${ref.namespace}/${ref.name} from the Kubernetes API failed: ${errorMessage(err)}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
