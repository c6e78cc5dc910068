/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package org.apache.rocketmq.http.proxy.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.Router;
import org.apache.rocketmq.http.proxy.auth.Access;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The served OpenAPI document describes exactly the routes the proxy has: no route undocumented, no
 * documented operation missing, path parameters declared.
 */
public class OpenApiDocumentTest {

    private static JsonNode document() throws Exception {
        try (InputStream in = OpsHandler.class.getResourceAsStream(OpsHandler.OPENAPI_RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    public void documentListsExactlyTheRoutesOfTheRouter() throws Exception {
        Router router = new HttpProxyController(new HttpProxyConfig()).router();
        Set<String> routes = new TreeSet<>();
        for (Router.Route r : router.routes()) {
            routes.add(r.method() + " " + r.template());
        }
        Set<String> documented = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document().get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        assertEquals(routes, documented);
    }

    @Test
    public void everyOperationHasAnIdResponsesAndItsPathParameters() throws Exception {
        JsonNode doc = document();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                String where = op.getKey() + " " + path.getKey();
                assertTrue(where, op.getValue().hasNonNull("operationId"));
                assertTrue(where, op.getValue().get("responses").has("200"));
                for (String segment : path.getKey().split("/")) {
                    if (segment.startsWith("{")) {
                        String name = segment.substring(1, segment.length() - 1);
                        assertTrue(where + " declares " + name, declares(doc, op.getValue(), name));
                    }
                }
            }
        }
    }

    @Test
    public void everyOperationDeclaresTheCredentialsItsRouteNeeds() throws Exception {
        JsonNode doc = document();
        assertTrue(doc.at("/components/securitySchemes/RmqSignature").isObject());
        assertEquals("basic", doc.at("/components/securitySchemes/BasicOverTls/scheme").asText());
        for (Router.Route r : new HttpProxyController(new HttpProxyConfig()).router().routes()) {
            JsonNode op = doc.get("paths").get(r.template()).get(r.method().toLowerCase(Locale.ROOT));
            String where = r.method() + " " + r.template();
            Set<String> schemes = new TreeSet<>();
            boolean anonymous = false;
            for (JsonNode requirement : op.get("security")) {
                anonymous |= requirement.size() == 0;
                requirement.fieldNames().forEachRemaining(schemes::add);
            }
            if (r.access().isOpen()) {
                assertEquals(where, 0, op.get("security").size());
                continue;
            }
            assertEquals(where, Set.of("BasicOverTls", "RmqSignature"), schemes);
            assertEquals(where + " is open only as operations data", r.access() == Access.OPERATIONS, anonymous);
            assertTrue(where, op.get("responses").has("401") && op.get("responses").has("403"));
        }
    }

    private static boolean declares(JsonNode doc, JsonNode operation, String name) {
        for (JsonNode p : operation.path("parameters")) {
            JsonNode param = p;
            if (p.has("$ref")) {
                String ref = p.get("$ref").asText();
                param = doc.at(ref.substring(1));
            }
            if (name.equals(param.path("name").asText()) && "path".equals(param.path("in").asText())) {
                return true;
            }
        }
        return false;
    }
}
