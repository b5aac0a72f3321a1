# Shared by deploy/local/inject and deploy/local/dead-letters (bash): finds a JDK 21+, reads the
# running stack's addresses, builds the injector on first use, and sets TOOLS_CLASSPATH to Kafka's
# own jars (the stock tools) plus the injector and what it needs.

tools_here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools_root=$(cd "$tools_here/../.." && pwd)
# shellcheck source=../../../.mvn/jdk.sh
. "$tools_root/.mvn/jdk.sh"

stack_env=${ORDERFLOW_STACK_DIR:-$tools_here/.run}/stack.env
if [[ ! -f $stack_env ]]; then
  echo "error: no stack addresses at $stack_env; start the stack first: deploy/local/stack up" >&2
  exit 1
fi
# shellcheck disable=SC1090
. "$stack_env"

injector="$tools_root/event-schemas/injector/target"
kafka_lib="$tools_here/dist/target/stack-dist/kafka-lib"
if ! ls "$injector"/event-injector-*.jar >/dev/null 2>&1 || [[ ! -d $injector/lib || ! -d $kafka_lib ]]; then
  echo "building the injector (first run) ..." >&2
  (cd "$tools_root" && ./mvnw -q -B -pl event-schemas/injector,deploy/local/dist -am package -DskipTests)
fi
TOOLS_CLASSPATH="$kafka_lib/*:$injector/lib/*:$(ls "$injector"/event-injector-*.jar | head -n 1)"
# java.util.logging (the Apicurio serde) at warnings; netty without sun.misc.Unsafe (no JDK warnings).
TOOLS_JAVA=("$JAVA_HOME/bin/java" -Djava.util.logging.config.file="$tools_here/logging.properties" -Dio.netty.noUnsafe=true)
