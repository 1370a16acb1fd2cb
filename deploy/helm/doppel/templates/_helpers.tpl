{{/* Names ------------------------------------------------------------------------------------- */}}

{{- define "doppel.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's prefix for every object; the release name alone when it already says doppel. */}}
{{- define "doppel.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A component's object name: doppel.component (dict "ctx" $ "component" "gateway"). */}}
{{- define "doppel.component" -}}
{{- printf "%s-%s" (include "doppel.fullname" .ctx) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels --------------------------------------------------------------------------------------- */}}

{{- define "doppel.selectorLabels" -}}
app.kubernetes.io/name: {{ include "doppel.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "doppel.labels" -}}
{{ include "doppel.selectorLabels" . }}
app.kubernetes.io/part-of: doppel
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Matches the pods of the four services (not the bundled database, Keycloak or Kafka). */}}
{{- define "doppel.servicePodsSelector" -}}
app.kubernetes.io/name: {{ include "doppel.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
doppel.dev/tier: service
{{- end -}}

{{/* Infrastructure: where each service finds Kafka, PostgreSQL and Keycloak ---------------------- */}}

{{- define "doppel.kafkaClusterName" -}}
{{- default (printf "%s-kafka" (include "doppel.fullname" .)) .Values.kafka.strimzi.clusterName | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "doppel.kafkaBootstrapServers" -}}
{{- if .Values.kafka.strimzi.enabled -}}
{{- printf "%s-kafka-bootstrap:9092" (include "doppel.kafkaClusterName" .) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required unless kafka.strimzi.enabled (host:port of your Kafka cluster)" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "doppel.dbUrl" -}}
{{- if .Values.postgresql.bundled.enabled -}}
{{- printf "postgresql://%s:5432/%s" (include "doppel.component" (dict "ctx" . "component" "postgresql")) .Values.postgresql.bundled.database -}}
{{- else -}}
{{- required "postgresql.external.url is required unless postgresql.bundled.enabled" .Values.postgresql.external.url -}}
{{- end -}}
{{- end -}}

{{- define "doppel.dbSecretName" -}}
{{- if .Values.postgresql.bundled.enabled -}}
{{- default (include "doppel.component" (dict "ctx" . "component" "postgresql")) .Values.postgresql.bundled.existingSecret -}}
{{- else -}}
{{- required "postgresql.external.existingSecret: name the Secret with the database username and password" .Values.postgresql.external.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "doppel.oidcUrl" -}}
{{- if .Values.keycloak.bundled.enabled -}}
{{- printf "http://%s:8080/realms/doppel" (include "doppel.component" (dict "ctx" . "component" "keycloak")) -}}
{{- else -}}
{{- required "keycloak.external.url is required unless keycloak.bundled.enabled" .Values.keycloak.external.url -}}
{{- end -}}
{{- end -}}

{{- define "doppel.oidcSecretName" -}}
{{- if .Values.keycloak.bundled.enabled -}}
{{- default (include "doppel.component" (dict "ctx" . "component" "keycloak")) .Values.keycloak.bundled.existingSecret -}}
{{- else -}}
{{- required "keycloak.external.existingSecret: name the Secret with the doppel-services client secret" .Values.keycloak.external.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "doppel.artifactsClaim" -}}
{{- default (include "doppel.component" (dict "ctx" . "component" "artifacts")) .Values.artifacts.existingClaim -}}
{{- end -}}

{{/* Generated secrets ------------------------------------------------------------------------------
   A value the chart makes up once: the one already in the cluster's Secret if there is one (so an
   upgrade never rotates a database password or the pseudonym key under running data), else random.
   Call: doppel.generatedSecretValue (dict "ctx" $ "secret" NAME "key" KEY "length" N); base64. */}}
{{- define "doppel.generatedSecretValue" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- else -}}
{{- randAlphaNum (int .length) | b64enc -}}
{{- end -}}
{{- end -}}

{{/* Images ---------------------------------------------------------------------------------------- */}}

{{- define "doppel.image" -}}
{{- $tag := default (default .ctx.Chart.AppVersion .ctx.Values.image.tag) .service.image.tag -}}
{{- if .ctx.Values.image.registry -}}
{{- printf "%s/%s:%s" .ctx.Values.image.registry .service.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .service.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Topics: the platform's contract (services/events Topics.ALL). The chart tests read that class and
   fail when a topic is missing here. */}}
{{- define "doppel.topics" -}}
- gateway.file-uploaded.v1
- gateway.job-requested.v1
- gateway.job-cancel-requested.v1
- gateway.review-submitted.v1
- ingest.dataset-ready.v1
- ingest.dataset-rejected.v1
- trainer.job-progressed.v1
- trainer.checkpoint-saved.v1
- trainer.job-finished.v1
- evaluator.evaluation-completed.v1
- evaluator.model-published.v1
- evaluator.preferences-ready.v1
{{- end -}}

{{/* Services: their keys in .Values.services and the component names their objects carry. */}}
{{- define "doppel.componentName" -}}
{{- get (dict "gateway" "gateway" "ingest" "ingest-service" "trainer" "trainer-service" "evaluator" "evaluator-service") . -}}
{{- end -}}

{{/* Keycloak realm --------------------------------------------------------------------------------
   files/doppel-realm.json is the local stack's realm (a test keeps them in step) with every secret
   replaced by a ${…} placeholder that Keycloak fills from its environment at import. */}}
{{- define "doppel.realm" -}}
{{- $realm := .Files.Get "files/doppel-realm.json" | fromJson -}}
{{- $_ := set $realm "displayName" "Doppel" -}}
{{- $_ := set $realm "sslRequired" "external" -}}
{{- $web := "http://localhost:8080" -}}
{{- if .Values.ingress.enabled -}}
{{- $web = printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- end -}}
{{- range $realm.clients -}}
{{- if hasKey . "redirectUris" -}}
{{- $_ := set . "redirectUris" (list (printf "%s/*" $web)) -}}
{{- $_ := set .attributes "post.logout.redirect.uris" (printf "%s/*" $web) -}}
{{- end -}}
{{- end -}}
{{- if not .Values.keycloak.bundled.trialUsers -}}
{{- $kept := list -}}
{{- range $realm.users -}}
{{- if hasKey . "serviceAccountClientId" -}}{{- $kept = append $kept . -}}{{- end -}}
{{- end -}}
{{- $_ := set $realm "users" $kept -}}
{{- end -}}
{{- toPrettyJson $realm -}}
{{- end -}}

{{/* The realm's users that log in with a password (alice, bob, rita, admin), as a YAML list. */}}
{{- define "doppel.trialUsers" -}}
{{- $users := list -}}
{{- if .Values.keycloak.bundled.trialUsers -}}
{{- range (.Files.Get "files/doppel-realm.json" | fromJson).users -}}
{{- if .credentials -}}{{- $users = append $users .username -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $users -}}
{{- end -}}

{{/* A NetworkPolicy egress rule from (dict "ports" [numbers] "to" [peers]); no peers: any address. */}}
{{- define "doppel.egressRule" -}}
- ports:
  {{- range .ports }}
  - {port: {{ . }}, protocol: TCP}
  {{- end }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
