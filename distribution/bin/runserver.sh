#!/bin/sh

# Licensed to the Apache Software Foundation (ASF) under one or more
# contributor license agreements.  See the NOTICE file distributed with
# this work for additional information regarding copyright ownership.
# The ASF licenses this file to You under the Apache License, Version 2.0
# (the "License"); you may not use this file except in compliance with
# the License.  You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# runserver.sh MAIN_CLASS [ARGS...]: runs MAIN_CLASS of this installation in a JVM that replaces
# this shell. Environment:
#   JAVA_HOME                    the JDK/JRE to use (else java from the PATH); Java 17 or later
#   JAVA_OPT                     replaces the default heap and GC options below
#   JAVA_OPT_EXT                 appended to the JVM options (e.g. -Dkey=value)
#   ROCKETMQ_HTTP_PROXY_LOG_DIR  log directory, default $HOME/logs/rocketmq-http-proxy
#   GC_LOG=true                  also write a rotated GC log to the log directory

error_exit() {
    echo "ERROR: $1" >&2
    exit 1
}

if [ $# -lt 1 ]; then
    error_exit "usage: runserver.sh MAIN_CLASS [ARGS...]"
fi

if [ -z "$ROCKETMQ_HTTP_PROXY_HOME" ]; then
    ROCKETMQ_HTTP_PROXY_HOME=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
fi
HOME_DIR="$ROCKETMQ_HTTP_PROXY_HOME"

if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA="$JAVA_HOME/bin/java"
elif command -v java > /dev/null 2>&1; then
    JAVA=$(command -v java)
else
    error_exit "Java 17 or later is required: set JAVA_HOME or put java on the PATH."
fi

# "1.8.0_402" -> 8, "17.0.15" -> 17, "21" -> 21
JAVA_VERSION=$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
case "$JAVA_VERSION" in
    1.*) JAVA_MAJOR=$(echo "$JAVA_VERSION" | cut -d. -f2) ;;
    *) JAVA_MAJOR=$(echo "$JAVA_VERSION" | sed 's/[^0-9].*//') ;;
esac
if [ -z "$JAVA_MAJOR" ] || [ "$JAVA_MAJOR" -lt 17 ]; then
    error_exit "Java 17 or later is required, but $JAVA is version '${JAVA_VERSION:-unknown}'. Set JAVA_HOME to a JDK 17+."
fi

LOG_DIR="${ROCKETMQ_HTTP_PROXY_LOG_DIR:-${HOME:-/tmp}/logs/rocketmq-http-proxy}"
mkdir -p "$LOG_DIR" 2> /dev/null

# sized for a small (2-core) machine; standalone mode runs a broker in the same heap
if [ -z "$JAVA_OPT" ]; then
    JAVA_OPT="-server -Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=100 -XX:+HeapDumpOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow"
fi

# the message store of the embedded broker (--standalone) uses these JDK internals
ADD_OPENS="--add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
--add-opens java.base/jdk.internal.ref=ALL-UNNAMED"

GC_LOG_OPT=""
if [ "$GC_LOG" = "true" ]; then
    GC_LOG_OPT="-Xlog:gc*:file=$LOG_DIR/gc.log:time,uptime,level,tags:filecount=5,filesize=20M"
fi

# Path options are single quoted words, so paths may hold spaces; they come first so that
# JAVA_OPT and JAVA_OPT_EXT can override them (the last occurrence of an option wins).
# exec: the JVM replaces this shell and receives SIGTERM itself (graceful drain, exit 0).
set -f
# shellcheck disable=SC2086
exec "$JAVA" \
    -Dlogback.configurationFile="$HOME_DIR/conf/logback.xml" \
    -Drmq.logback.configurationFile="$HOME_DIR/conf/rmq.logback.xml" \
    -Drocketmq.http.proxy.home="$HOME_DIR" \
    -Drocketmq.http.proxy.logDir="$LOG_DIR" \
    -XX:HeapDumpPath="$LOG_DIR" \
    ${GC_LOG_OPT:+"$GC_LOG_OPT"} \
    $JAVA_OPT $ADD_OPENS $JAVA_OPT_EXT \
    -cp "$HOME_DIR/lib/*" \
    "$@"
