{{/* Names and labels. */}}
{{- define "jrunner.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "jrunner.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ .Values.mode }}
{{- end -}}

{{- define "jrunner.labels" -}}
{{ include "jrunner.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "jrunner.registrationSecret" -}}
{{- if .Values.registration.existingSecret -}}
{{- .Values.registration.existingSecret -}}
{{- else if .Values.registration.token -}}
{{- printf "%s-registration" (include "jrunner.fullname" .) -}}
{{- else -}}
{{- fail "set registration.existingSecret (a Secret with the registration token) or registration.token" -}}
{{- end -}}
{{- end -}}

{{- define "jrunner.check" -}}
{{- if not .Values.instanceUrl -}}
{{- fail "set instanceUrl: the Forgejo instance the runners register with" -}}
{{- end -}}
{{- if not (has .Values.mode (list "longrunning" "ephemeral")) -}}
{{- fail (printf "mode must be longrunning or ephemeral, not %q" .Values.mode) -}}
{{- end -}}
{{- if and .Values.runner.profile (not .Values.runner.config) -}}
{{- fail "runner.profile needs runner.config with that profile under profiles:" -}}
{{- end -}}
{{- end -}}

{{/* The runner container; .ephemeral selects the one-job variant. */}}
{{- define "jrunner.runnerContainer" -}}
{{- $v := .root.Values -}}
- name: runner
  image: {{ printf "%s:%s" $v.image.repository $v.image.tag | quote }}
  imagePullPolicy: {{ $v.image.pullPolicy }}
  env:
    - name: JRUNNER_INSTANCE_URL
      value: {{ $v.instanceUrl | quote }}
    - name: JRUNNER_RUNNER_REGISTRATION_TOKEN
      valueFrom:
        secretKeyRef:
          name: {{ include "jrunner.registrationSecret" .root }}
          key: {{ $v.registration.secretKey }}
    - name: JRUNNER_RUNNER_NAME
      {{- if $v.runner.name }}
      value: {{ $v.runner.name | quote }}
      {{- else }}
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
      {{- end }}
    - name: JRUNNER_RUNNER_LABELS
      value: {{ $v.runner.labels | quote }}
    - name: JRUNNER_SHUTDOWN_TIMEOUT
      value: {{ printf "%ds" (int $v.runner.shutdownTimeoutSeconds) | quote }}
    - name: JRUNNER_JAVA_OPTS
      value: {{ $v.runner.javaOpts | quote }}
    {{- if $v.runner.profile }}
    - name: JRUNNER_PROFILE
      value: {{ $v.runner.profile | quote }}
    {{- end }}
    {{- if $v.runner.config }}
    - name: CONFIG_FILE
      value: /etc/jrunner/config.yaml
    {{- end }}
    {{- if $v.dind.enabled }}
    - name: DOCKER_HOST
      value: unix:///run/dind/docker.sock
    {{- end }}
    {{- if .ephemeral }}
    - name: JRUNNER_RUNNER_EPHEMERAL
      value: "true"
    - name: JRUNNER_RUNNER_ONCE
      value: "true"
    - name: JRUNNER_ONE_JOB_WAIT
      value: {{ $v.ephemeral.wait | quote }}
    {{- end }}
    {{- with $v.runner.env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- $res := ternary $v.ephemeral.resources $v.longrunning.resources .ephemeral }}
  {{- with $res }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    - name: data
      mountPath: /data
    {{- if and (not .ephemeral) $v.longrunning.persistence.cache.enabled }}
    - name: cache
      mountPath: /data/.cache
    {{- end }}
    {{- if $v.runner.config }}
    - name: config
      mountPath: /etc/jrunner
      readOnly: true
    {{- end }}
    {{- if $v.dind.enabled }}
    - name: dind-socket
      mountPath: /run/dind
    {{- end }}
{{- end -}}

{{/* The Docker engine as a native sidecar (an init container that keeps running, k8s 1.29+):
     it starts before the runner, and a Job pod completes when the runner exits. */}}
{{- define "jrunner.dindSidecar" -}}
{{- $v := .Values -}}
{{- if $v.dind.enabled }}
- name: dind
  image: {{ printf "%s:%s" $v.dind.image.repository $v.dind.image.tag | quote }}
  imagePullPolicy: {{ $v.dind.image.pullPolicy }}
  restartPolicy: Always
  args:
    - --host=unix:///run/dind/docker.sock
  env:
    - name: DOCKER_TLS_CERTDIR
      value: ""
  securityContext:
    privileged: true
  startupProbe:
    exec:
      command: [docker, --host=unix:///run/dind/docker.sock, info]
    periodSeconds: 2
    failureThreshold: 60
  {{- with $v.dind.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    - name: dind-socket
      mountPath: /run/dind
    - name: dind-storage
      mountPath: /var/lib/docker
{{- end }}
{{- end -}}

{{- define "jrunner.commonVolumes" -}}
{{- $v := .Values -}}
{{- if $v.runner.config }}
- name: config
  configMap:
    name: {{ include "jrunner.fullname" . }}-config
{{- end }}
{{- if $v.dind.enabled }}
- name: dind-socket
  emptyDir: {}
- name: dind-storage
  emptyDir:
    sizeLimit: {{ $v.dind.storageSizeLimit }}
{{- end }}
{{- end -}}

{{- define "jrunner.podExtras" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
