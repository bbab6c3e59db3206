{{/*
raftkv.name: the chart name, or nameOverride; 63 characters at most (a DNS label).
*/}}
{{- define "raftkv.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
raftkv.fullname: the prefix of every object name, `<release>-<chart>` unless the
release name already contains the chart name. Also the StatefulSet name, so pods
are `<fullname>-<ordinal>`. Kept to 52 characters: `-headless` and the pod
ordinal must still fit in a 63-character label.
*/}}
{{- define "raftkv.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
raftkv.chart: `<chart>-<version>` for the helm.sh/chart label.
*/}}
{{- define "raftkv.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
raftkv.selectorLabels: the labels that select this release's pods: name and
instance only, because a selector can never change after install.
*/}}
{{- define "raftkv.selectorLabels" -}}
app.kubernetes.io/name: {{ include "raftkv.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
raftkv.labels: the standard labels every object carries.
*/}}
{{- define "raftkv.labels" -}}
helm.sh/chart: {{ include "raftkv.chart" . }}
{{ include "raftkv.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: raftkv
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
raftkv.testLabels: the labels of the `helm test` pod: the release's, but not
its selector labels, so the test pod is never an endpoint of the Services,
counted by the PodDisruptionBudget or taken for a raftkv pod by the
NetworkPolicy.
*/}}
{{- define "raftkv.testLabels" -}}
helm.sh/chart: {{ include "raftkv.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: test
app.kubernetes.io/part-of: raftkv
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
raftkv.backupLabels: the labels of the backup CronJob, its jobs' pods and
claim: the release's, not its selector labels (like raftkv.testLabels), so a
backup pod is never taken for a raftkv pod; the NetworkPolicy admits it by
component.
*/}}
{{- define "raftkv.backupLabels" -}}
helm.sh/chart: {{ include "raftkv.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: backup
app.kubernetes.io/part-of: raftkv
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
raftkv.commandLine: the image's CMD (Dockerfile), as a YAML list: what the
container runs after the ENTRYPOINT when args must be given.
*/}}
{{- define "raftkv.commandLine" -}}
- node
- dist/src/cli/raftkv.js
{{- end -}}

{{/*
raftkv.annotations: commonAnnotations merged with an object's own (pass a dict
with "root" and "extra").
*/}}
{{- define "raftkv.annotations" -}}
{{- $all := merge (deepCopy (.extra | default dict)) (.root.Values.commonAnnotations | default dict) -}}
{{- with $all -}}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end -}}
{{- end -}}

{{/*
raftkv.serviceAccountName: the ServiceAccount the pods run as.
*/}}
{{- define "raftkv.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "raftkv.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
raftkv.headlessServiceName: the Service governing the StatefulSet; it gives
every pod the DNS name its peers dial.
*/}}
{{- define "raftkv.headlessServiceName" -}}
{{- printf "%s-headless" (include "raftkv.fullname" .) -}}
{{- end -}}

{{/*
raftkv.image: `repository:tag` or `repository@digest`.
*/}}
{{- define "raftkv.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/*
raftkv.clientEndpoint: the client Service as host:port, for kvctl and grpcurl
inside the cluster.
*/}}
{{- define "raftkv.clientEndpoint" -}}
{{- printf "%s.%s.svc.%s:%v" (include "raftkv.fullname" .) .Release.Namespace .Values.clusterDomain .Values.service.ports.client -}}
{{- end -}}

{{/*
raftkv.validateValues: rules values.schema.json cannot express (across
values), plus the odd replicaCount and the persistence rule, which the schema
also enforces so that `helm lint --strict` fails on them (Helm 4 lint reports
a template `fail` only as INFO); here they keep their explanation. Fails the
render with every broken rule, each prefixed "VALUES VALIDATION:".
*/}}
{{- define "raftkv.validateValues" -}}
{{- $messages := list -}}
{{- if eq (mod (int .Values.replicaCount) 2) 0 -}}
{{- $messages = append $messages (printf "raftkv: replicaCount\n    replicaCount must be odd (got %v): an even count tolerates no more failures than the odd count below it and makes ties possible" .Values.replicaCount) -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.persistence.enabled) -}}
{{- $messages = append $messages "raftkv: persistence.enabled\n    persistence is required when replicaCount > 1: a pod restarted with an empty disk would have forgotten acknowledged writes and votes" -}}
{{- end -}}
{{- if ge (int .Values.heartbeatTicks) (int .Values.electionTicks) -}}
{{- $messages = append $messages (printf "raftkv: heartbeatTicks\n    heartbeatTicks (%v) must be less than electionTicks (%v)" .Values.heartbeatTicks .Values.electionTicks) -}}
{{- end -}}
{{- if and .Values.startupProbe.enabled (lt (mul (int .Values.startupProbe.periodSeconds) (int .Values.startupProbe.failureThreshold) 1000) (int .Values.discoveryWaitMs)) -}}
{{- $messages = append $messages "raftkv: startupProbe\n    startupProbe.periodSeconds x failureThreshold must cover discoveryWaitMs, or a pod waiting for its peers is restarted" -}}
{{- end -}}
{{- if and .Values.scaling.followStatefulSet (ge (int .Values.scaling.leaveTimeoutMs) (mul (int .Values.terminationGracePeriodSeconds) 1000)) -}}
{{- $messages = append $messages "raftkv: scaling.leaveTimeoutMs\n    scaling.leaveTimeoutMs must be below terminationGracePeriodSeconds, or a pod scaled away is killed while it leaves" -}}
{{- end -}}
{{- if and .Values.restore.enabled (or (not .Values.restore.claim) (not .Values.restore.file)) -}}
{{- $messages = append $messages "raftkv: restore\n    restore.enabled needs restore.claim (the claim holding the backup) and restore.file (its name there)" -}}
{{- end -}}
{{- if and .Values.auth.enabled (not .Values.auth.rootPasswordSecret.name) -}}
{{- $messages = append $messages "raftkv: auth\n    auth.enabled needs auth.rootPasswordSecret.name: an existing Secret holding root's password (kubectl create secret generic NAME --from-literal=root-password=...)" -}}
{{- end -}}
{{- if $messages -}}
{{- printf "\nVALUES VALIDATION:\n%s" (join "\n" $messages) | fail -}}
{{- end -}}
{{- end -}}

{{/*
raftkv.clientTlsSecret / raftkv.peerTlsSecret: the Secret holding a port's
tls.crt, tls.key and ca.crt — the one given, or the one the chart's
cert-manager Certificate writes.
*/}}
{{- define "raftkv.clientTlsSecret" -}}
{{- .Values.tls.client.secretName | default (printf "%s-client-tls" (include "raftkv.fullname" .)) -}}
{{- end -}}
{{- define "raftkv.peerTlsSecret" -}}
{{- .Values.tls.peer.secretName | default (printf "%s-peer-tls" (include "raftkv.fullname" .)) -}}
{{- end -}}

{{/*
raftkv.tlsDir: where a port's Secret is mounted. The node reads the files by
path on every check, so kubelet's `..data` symlink swap on rotation is seen.
*/}}
{{/*
raftkv.rootPasswordFile / raftkv.rootPasswordVolume: with auth.enabled, the
Secret's key as the file root-password, for the nodes
(RAFTKV_BOOTSTRAP_ROOT_PASSWORD_FILE) and for the pods that log in as root
(helm test, backups). A file rather than an environment variable: it stays
out of the pod spec and `kubectl describe`.
*/}}
{{- define "raftkv.authDir" -}}/etc/raftkv/auth{{- end -}}
{{- define "raftkv.rootPasswordFile" -}}/etc/raftkv/auth/root-password{{- end -}}
{{- define "raftkv.rootPasswordVolume" -}}
- name: root-password
  secret:
    secretName: {{ .Values.auth.rootPasswordSecret.name | quote }}
    items:
      - key: {{ .Values.auth.rootPasswordSecret.key | quote }}
        path: root-password
    defaultMode: 288 # 0440 (octal): owner and group read; the group is fsGroup
{{- end -}}
{{- define "raftkv.rootPasswordMount" -}}
- name: root-password
  mountPath: {{ include "raftkv.authDir" . | quote }}
  readOnly: true
{{- end -}}
{{/* Shell for a pod that runs kvctl: log in as root from the mounted file (kvctl reads RAFTKV_USER). */}}
{{- define "raftkv.rootLogin" -}}
RAFTKV_USER="root:$(cat {{ include "raftkv.rootPasswordFile" . }})"; export RAFTKV_USER
{{- end -}}

{{- define "raftkv.clientTlsDir" -}}/etc/raftkv/tls/client{{- end -}}
{{- define "raftkv.peerTlsDir" -}}/etc/raftkv/tls/peer{{- end -}}

{{/*
raftkv.podDnsNames: the names a pod's certificate must carry — every pod
under the headless Service (peers and clients dial these), the headless
Service itself, and for the client port the client Service.
*/}}
{{- define "raftkv.podDnsNames" -}}
{{- $headless := include "raftkv.headlessServiceName" . -}}
- {{ printf "*.%s.%s.svc.%s" $headless .Release.Namespace .Values.clusterDomain | quote }}
- {{ printf "%s.%s.svc.%s" $headless .Release.Namespace .Values.clusterDomain | quote }}
- {{ $headless | quote }}
{{- end -}}

{{/*
raftkv.httpProbe: a probe of one HTTP path. Plain HTTP, or HTTPS when client
TLS is on (the kubelet does not verify the certificate). With clientCertAuth
the kubelet cannot present a client certificate and the handshake is refused,
so the probe runs in the pod instead: node fetches the path over loopback with
the mounted client certificate. The server certificate names the pods, not
127.0.0.1, so only the chain is checked here: the peer is our own process.
*/}}
{{- define "raftkv.httpProbe" -}}
{{- $root := .root -}}
{{- if and $root.Values.tls.client.enabled $root.Values.tls.client.clientCertAuth -}}
exec:
  command:
    - node
    - -e
    - {{ printf "const fs=require('fs'),d='%s/';require('https').get({host:'127.0.0.1',port:%v,path:'%s',agent:false,ca:fs.readFileSync(d+'ca.crt'),cert:fs.readFileSync(d+'tls.crt'),key:fs.readFileSync(d+'tls.key'),checkServerIdentity:()=>undefined},r=>{r.resume();process.exitCode=r.statusCode===200?0:1}).on('error',e=>{console.error(e.message);process.exitCode=1})" (include "raftkv.clientTlsDir" $root) $root.Values.containerPorts.http .path | quote }}
{{- else -}}
httpGet:
  path: {{ .path }}
  port: http
  {{- if $root.Values.tls.client.enabled }}
  scheme: HTTPS
  {{- end }}
{{- end -}}
{{- end -}}

{{/*
raftkv.monitorTls: how Prometheus scrapes the HTTPS port. The CA comes from
the client Secret (Prometheus must run in the same namespace as the monitor
to read it); with clientCertAuth it presents the Secret's own certificate,
which the node accepts because it chains to ca.crt. serverName is one pod
name under the headless Service: the wildcard SAN covers every pod.
*/}}
{{- define "raftkv.monitorTls" -}}
scheme: https
tlsConfig:
  serverName: {{ printf "%s-0.%s.%s.svc.%s" (include "raftkv.fullname" .) (include "raftkv.headlessServiceName" .) .Release.Namespace .Values.clusterDomain | quote }}
  ca:
    secret:
      name: {{ include "raftkv.clientTlsSecret" . | quote }}
      key: ca.crt
  {{- if .Values.tls.client.clientCertAuth }}
  cert:
    secret:
      name: {{ include "raftkv.clientTlsSecret" . | quote }}
      key: tls.crt
  keySecret:
    name: {{ include "raftkv.clientTlsSecret" . | quote }}
    key: tls.key
  {{- end }}
{{- end -}}
