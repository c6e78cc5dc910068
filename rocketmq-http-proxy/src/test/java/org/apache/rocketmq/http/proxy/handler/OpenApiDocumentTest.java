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
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.auth.Access;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.Router;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The served OpenAPI document is valid OpenAPI 3.0 (swagger-parser reports no error and no warning)
 * and describes exactly the routes the proxy has: no route undocumented, no documented operation
 * missing, path parameters and the credentials each route needs declared, the error codes those of
 * {@link ErrorCode}.
 */
public class OpenApiDocumentTest {
    private static SwaggerParseResult result;
    private static OpenAPI api;

    @BeforeClass
    public static void parse() throws IOException {
        String text;
        try (InputStream in = OpsHandler.class.getResourceAsStream(OpsHandler.OPENAPI_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        result = new OpenAPIV3Parser().readContents(text, null, options);
        api = result.getOpenAPI();
        assertNotNull(result.getMessages().toString(), api);
    }

    @Test
    public void documentIsValidWithoutErrorsOrWarnings() {
        assertEquals("the parser's errors and warnings", Collections.emptyList(), result.getMessages());
    }

    @Test
    public void documentIsOpenApi30() {
        assertTrue(api.getOpenapi(), api.getOpenapi().startsWith("3.0."));
        assertNotNull(api.getInfo().getTitle());
        assertNotNull(api.getInfo().getVersion());
    }

    @Test
    public void documentListsExactlyTheRoutesOfTheRouter() {
        Router router = new HttpProxyController(new HttpProxyConfig()).router();
        Set<String> routes = new TreeSet<>();
        for (Router.Route r : router.routes()) {
            routes.add(r.method() + " " + r.template());
        }
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (PathItem.HttpMethod method : path.getValue().readOperationsMap().keySet()) {
                documented.add(method.name().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        assertEquals(routes, documented);
    }

    @Test
    public void everyOperationHasAnIdASuccessResponseAndItsPathParameters() {
        Set<String> ids = new TreeSet<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                String where = op.getKey() + " " + path.getKey();
                assertNotNull(where, op.getValue().getOperationId());
                assertTrue(where + " has a unique operationId", ids.add(op.getValue().getOperationId()));
                assertNotNull(where, op.getValue().getResponses().get("200"));
                for (String segment : path.getKey().split("/")) {
                    if (segment.startsWith("{")) {
                        String name = segment.substring(1, segment.length() - 1);
                        assertTrue(where + " declares " + name, declaresPathParameter(op.getValue(), name));
                    }
                }
            }
        }
    }

    @Test
    public void errorSchemaListsExactlyTheErrorCodes() {
        Schema<?> error = api.getComponents().getSchemas().get("Error");
        Set<String> names = new TreeSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            names.add(code.name());
            assertTrue(code + " with its number", error.getProperties().get("code").getDescription()
                .contains(code.code() + " " + code.name()));
        }
        Set<String> documented = new TreeSet<>();
        error.getProperties().get("error").getEnum().forEach(e -> documented.add(String.valueOf(e)));
        assertEquals(names, documented);
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

    private static JsonNode document() throws IOException {
        try (InputStream in = OpsHandler.class.getResourceAsStream(OpsHandler.OPENAPI_RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static boolean declaresPathParameter(Operation operation, String name) {
        if (operation.getParameters() == null) {
            return false;
        }
        for (Parameter p : operation.getParameters()) {
            Parameter param = p;
            if (p.get$ref() != null) {
                param = api.getComponents().getParameters().get(p.get$ref().substring(p.get$ref().lastIndexOf('/') + 1));
            }
            if (param != null && name.equals(param.getName()) && "path".equals(param.getIn())) {
                return true;
            }
        }
        return false;
    }
}
