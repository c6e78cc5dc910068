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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.service.OutgoingMessage;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ProduceRequestParserTest {
    private static final int MIB = 1024 * 1024;
    private static final long HOUR = 3600_000L;

    private final ProduceRequestParser parser = new ProduceRequestParser(new HttpProxyConfig());

    private static HttpRequestContext request(Map<String, String> headers, byte[] body) {
        return new HttpRequestContext("POST", "/v1/topics/t/messages", Collections.emptyMap(), headers, body, "req-1");
    }

    private static HttpRequestContext json(String json) {
        return request(Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequestContext raw(byte[] body, String... headerPairs) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        return request(headers, body);
    }

    private static String repeat(String s, int n) {
        StringBuilder sb = new StringBuilder(s.length() * n);
        for (int i = 0; i < n; i++) {
            sb.append(s);
        }
        return sb.toString();
    }

    /**
     * Parses a request of one message and returns it, or throws what the entry was refused with.
     */
    private OutgoingMessage one(HttpRequestContext request) {
        ProduceRequestParser.ProduceRequest parsed = parser.parse(request);
        assertFalse(parsed.batch);
        assertEquals(1, parsed.entries.size());
        Object only = parsed.entries.get(0);
        if (only instanceof HttpProxyException) {
            throw (HttpProxyException) only;
        }
        return (OutgoingMessage) only;
    }

    private OutgoingMessage one(String json) {
        return one(json(json));
    }

    private ErrorCode refused(HttpRequestContext request) {
        try {
            one(request);
        } catch (HttpProxyException e) {
            return e.getErrorCode();
        }
        fail("accepted");
        return null;
    }

    private ErrorCode refused(String json) {
        try {
            one(json);
        } catch (HttpProxyException e) {
            return e.getErrorCode();
        }
        fail("accepted: " + (json.length() > 200 ? json.substring(0, 200) + "..." : json));
        return null;
    }

    private static String utf8AsHeader(String value) {
        // what Netty hands over for a header sent as UTF-8 bytes: one char per byte
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    public void singleJsonMessageCarriesEveryField() {
        OutgoingMessage m = one("{\"body\":\"hello\",\"tag\":\"TagA\",\"keys\":[\"order-1\",\"order-2\"],"
            + "\"properties\":{\"region\":\"eu\",\"tier\":\"gold\"},\"messageGroup\":\"order-1\"}");
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), m.body());
        assertEquals("TagA", m.tag());
        assertEquals(Arrays.asList("order-1", "order-2"), m.keys());
        assertEquals(Map.of("region", "eu", "tier", "gold"), m.properties());
        assertEquals("order-1", m.messageGroup());
        assertEquals(0, m.deliveryTimestamp());
    }

    @Test
    public void optionalFieldsMayBeMissingOrNull() {
        OutgoingMessage m = one("{\"body\":\"x\",\"tag\":null,\"keys\":null,\"properties\":null,\"messageGroup\":null,"
            + "\"deliveryTimestamp\":null,\"bodyEncoding\":null}");
        assertNull(m.tag());
        assertNull(m.keys());
        assertNull(m.properties());
        assertNull(m.messageGroup());
        assertEquals(0, m.deliveryTimestamp());
    }

    @Test
    public void unknownFieldsAreIgnored() {
        assertEquals("x", new String(one("{\"body\":\"x\",\"future\":{\"a\":[1,2]}}").body(), StandardCharsets.UTF_8));
    }

    @Test
    public void batchEntriesKeepRequestOrder() {
        ProduceRequestParser.ProduceRequest parsed = parser.parse(json(
            "{\"messages\":[{\"body\":\"a\"},{\"body\":\"b\",\"tag\":\"T\"},{\"body\":\"c\"}]}"));
        assertTrue(parsed.batch);
        assertEquals(3, parsed.entries.size());
        assertEquals("a", new String(((OutgoingMessage) parsed.entries.get(0)).body(), StandardCharsets.UTF_8));
        assertEquals("T", ((OutgoingMessage) parsed.entries.get(1)).tag());
        assertEquals("c", new String(((OutgoingMessage) parsed.entries.get(2)).body(), StandardCharsets.UTF_8));
    }

    @Test
    public void batchOfOneIsStillABatch() {
        ProduceRequestParser.ProduceRequest parsed = parser.parse(json("{\"messages\":[{\"body\":\"a\"}]}"));
        assertTrue(parsed.batch);
        assertEquals(1, parsed.entries.size());
    }

    @Test
    public void badBatchEntriesBecomeTheirOwnErrorsWhileGoodOnesParse() {
        ProduceRequestParser.ProduceRequest parsed = parser.parse(json("{\"messages\":[{\"body\":\"ok\"},"
            + "{\"body\":\"\"},42,{\"body\":\"x\",\"tag\":\"a|b\"},{\"body\":\"x\",\"properties\":{\"KEYS\":\"k\"}},"
            + "{\"body\":\"" + repeat("a", 4 * MIB + 1) + "\"},{\"body\":\"last\"}]}"));
        assertTrue(parsed.batch);
        List<Object> e = parsed.entries;
        assertEquals(7, e.size());
        assertTrue(e.get(0) instanceof OutgoingMessage);
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, ((HttpProxyException) e.get(1)).getErrorCode());
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, ((HttpProxyException) e.get(2)).getErrorCode());
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, ((HttpProxyException) e.get(3)).getErrorCode());
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, ((HttpProxyException) e.get(4)).getErrorCode());
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, ((HttpProxyException) e.get(5)).getErrorCode());
        assertEquals("last", new String(((OutgoingMessage) e.get(6)).body(), StandardCharsets.UTF_8));
    }

    @Test
    public void batchHoldsAtMost256Messages() {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 256; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"body\":\"m").append(i).append("\"}");
        }
        assertEquals(256, parser.parse(json(sb + "]}")).entries.size());
        HttpRequestContext tooMany = json(sb + ",{\"body\":\"one more\"}]}");
        try {
            parser.parse(tooMany);
            fail("257 messages accepted");
        } catch (HttpProxyException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.getErrorCode());
        }
    }

    @Test
    public void emptyOrMistypedBatchIsABadRequest() {
        for (String body : new String[] {"{\"messages\":[]}", "{\"messages\":{}}", "{\"messages\":\"m\"}"}) {
            try {
                parser.parse(json(body));
                fail("accepted " + body);
            } catch (HttpProxyException e) {
                assertEquals(body, ErrorCode.BAD_REQUEST, e.getErrorCode());
            }
        }
    }

    @Test
    public void requestThatIsNotAJsonObjectIsABadRequest() {
        for (String body : new String[] {"[1,2]", "\"body\"", "42", "{\"body\":\"x\"", "{\"body\":\"a\",\"body\":\"b\"}", "",
            "{} {}"}) {
            try {
                parser.parse(json(body));
                fail("accepted " + body);
            } catch (HttpProxyException e) {
                assertEquals(body, ErrorCode.BAD_REQUEST, e.getErrorCode());
            }
        }
    }

    @Test
    public void bodyIsUtf8ByDefaultOrWhenAsked() {
        byte[] expected = "caf\u00e9 \u4e16\u754c".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, one("{\"body\":\"caf\u00e9 \u4e16\u754c\"}").body());
        assertArrayEquals(expected, one("{\"body\":\"caf\\u00e9 \\u4e16\\u754c\",\"bodyEncoding\":\"utf-8\"}").body());
        assertArrayEquals(expected, one("{\"body\":\"caf\u00e9 \u4e16\u754c\",\"bodyEncoding\":\"UTF-8\"}").body());
    }

    @Test
    public void base64BodyIsDecodedToItsBytes() {
        byte[] binary = {0, 1, (byte) 0xff, (byte) 0xc3, 0x28, 127};
        String encoded = Base64.getEncoder().encodeToString(binary);
        assertArrayEquals(binary, one("{\"body\":\"" + encoded + "\",\"bodyEncoding\":\"base64\"}").body());
    }

    @Test
    public void badBodyEncodingOrBase64IsAnIllegalMessage() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"***\",\"bodyEncoding\":\"base64\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"bodyEncoding\":\"latin1\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"bodyEncoding\":7}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"\",\"bodyEncoding\":\"base64\"}"));
    }

    @Test
    public void bodyIsRequiredAndNotEmpty() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":null}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[0])));
    }

    @Test
    public void jsonBodyOfExactly4MiBIsAcceptedAndOneByteMoreIs413() {
        assertEquals(4 * MIB, one("{\"body\":\"" + repeat("a", 4 * MIB) + "\"}").body().length);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused("{\"body\":\"" + repeat("a", 4 * MIB + 1) + "\"}"));
    }

    @Test
    public void bodyLimitCountsUtf8BytesNotCharacters() {
        // 2 bytes per character: 2 Mi characters are exactly 4 MiB
        assertEquals(4 * MIB, one("{\"body\":\"" + repeat("\u00e9", 2 * MIB) + "\"}").body().length);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused("{\"body\":\"" + repeat("\u00e9", 2 * MIB) + "a\"}"));
    }

    @Test
    public void base64BodyLimitAppliesToTheDecodedBytes() {
        String exactly = Base64.getEncoder().encodeToString(new byte[4 * MIB]);
        assertEquals(4 * MIB, one("{\"body\":\"" + exactly + "\",\"bodyEncoding\":\"base64\"}").body().length);
        String over = Base64.getEncoder().encodeToString(new byte[4 * MIB + 1]);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused("{\"body\":\"" + over + "\",\"bodyEncoding\":\"base64\"}"));
    }

    @Test
    public void rawBodyOfExactly4MiBIsAcceptedAndOneByteMoreIs413() {
        assertEquals(4 * MIB, one(raw(new byte[4 * MIB])).body().length);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused(raw(new byte[4 * MIB + 1])));
        assertEquals(41300, ErrorCode.PAYLOAD_TOO_LARGE.code());
    }

    private static String properties(int count) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"v\"");
        }
        return sb.append('}').toString();
    }

    @Test
    public void messageMayHave128PropertiesButNot129() {
        assertEquals(128, one("{\"body\":\"x\",\"properties\":" + properties(128) + "}").properties().size());
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"properties\":" + properties(129) + "}"));
        assertEquals(40003, ErrorCode.ILLEGAL_MESSAGE.code());
    }

    @Test
    public void propertiesMayTakeExactly16KiB() {
        // a property takes its name, its value and two separators
        String atLimit = repeat("v", 16 * 1024 - 1 - 2);
        assertEquals(atLimit, one("{\"body\":\"x\",\"properties\":{\"p\":\"" + atLimit + "\"}}").properties().get("p"));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused("{\"body\":\"x\",\"properties\":{\"p\":\"" + atLimit + "v\"}}"));
    }

    @Test
    public void tagKeysAndMessageGroupCountTowardsThePropertiesLimit() {
        String half = repeat("k", 8 * 1024);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused("{\"body\":\"x\",\"tag\":\"" + half + "\",\"keys\":[\"" + half + "\"]}"));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused("{\"body\":\"x\",\"messageGroup\":\"" + half + "\","
            + "\"properties\":{\"p\":\"" + half + "\"}}"));
    }

    @Test
    public void propertiesLimitCountsUtf8Bytes() {
        // 3 bytes per character; with the name and separators 5460 of them and one ASCII character are 16384 bytes
        String atLimit = repeat("\u4e16", 5460) + "a";
        assertEquals(atLimit, one("{\"body\":\"x\",\"properties\":{\"p\":\"" + atLimit + "\"}}").properties().get("p"));
        String over = repeat("\u4e16", 5461);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused("{\"body\":\"x\",\"properties\":{\"p\":\"" + over + "\"}}"));
    }

    @Test
    public void reservedPropertyNamesAreRefused() {
        for (String name : new String[] {"KEYS", "TAGS", "UNIQ_KEY", "DELAY", "WAIT", "__STARTDELIVERTIME",
            "TIMER_DELIVER_MS", "TIMER_DELAY_SEC", "TIMER_DELAY_MS", "__SHARDINGKEY", "TRAN_MSG", "PGROUP",
            "RECONSUME_TIME", "MAX_RECONSUME_TIMES", "REAL_TOPIC", "MIN_OFFSET", "MAX_OFFSET", "POP_CK"}) {
            assertEquals(name, ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"properties\":{\"" + name + "\":\"v\"}}"));
            assertEquals(name, ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Property-" + name, "v")));
        }
    }

    @Test
    public void controlCharactersInMetadataAreRefused() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"tag\":\"a\\u0001b\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"keys\":[\"a\\nb\"]}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"properties\":{\"a\":\"b\\u0002c\"}}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"properties\":{\"a\\u0001\":\"b\"}}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"messageGroup\":\"g\\u0000\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"tag\":\"a\\u007fb\"}"));
        // control characters in the body are data
        assertArrayEquals(new byte[] {'a', 1, 'b'}, one("{\"body\":\"a\\u0001b\"}").body());
    }

    @Test
    public void tagMustNotContainBarNorBeEmpty() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"tag\":\"A||B\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"tag\":\"|\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"tag\":\"\"}"));
        assertEquals("Tag-A.1 b", one("{\"body\":\"x\",\"tag\":\"Tag-A.1 b\"}").tag());
    }

    @Test
    public void keysMustNotContainWhiteSpaceNorBeEmpty() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"keys\":[\"order 1\"]}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"keys\":[\"ok\",\" lead\"]}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"keys\":[\"\"]}"));
        assertEquals(Arrays.asList("a,b", "c"), one("{\"body\":\"x\",\"keys\":[\"a,b\",\"c\"]}").keys());
    }

    @Test
    public void wrongTypesAreIllegalMessages() {
        for (String body : new String[] {"{\"body\":42}", "{\"body\":[\"x\"]}", "{\"body\":\"x\",\"tag\":1}",
            "{\"body\":\"x\",\"keys\":\"k\"}", "{\"body\":\"x\",\"keys\":[1]}", "{\"body\":\"x\",\"keys\":[null]}",
            "{\"body\":\"x\",\"properties\":[]}", "{\"body\":\"x\",\"properties\":{\"a\":1}}",
            "{\"body\":\"x\",\"properties\":{\"a\":null}}", "{\"body\":\"x\",\"messageGroup\":5}",
            "{\"body\":\"x\",\"deliveryTimestamp\":\"soon\"}", "{\"body\":\"x\",\"deliveryTimestamp\":1.5}",
            "{\"body\":\"x\",\"deliveryTimestamp\":99999999999999999999999}"}) {
            assertEquals(body, ErrorCode.ILLEGAL_MESSAGE, refused(body));
        }
    }

    @Test
    public void pastDeliveryTimestampIsAcceptedAndDeliversNow() {
        assertEquals(1000L, one("{\"body\":\"x\",\"deliveryTimestamp\":1000}").deliveryTimestamp());
        long soon = System.currentTimeMillis() + HOUR;
        assertEquals(soon, one("{\"body\":\"x\",\"deliveryTimestamp\":" + soon + "}").deliveryTimestamp());
    }

    @Test
    public void deliveryTimestampMoreThan24HoursAheadIsRefused() {
        long justInside = System.currentTimeMillis() + 24 * HOUR - 60_000;
        assertEquals(justInside, one("{\"body\":\"x\",\"deliveryTimestamp\":" + justInside + "}").deliveryTimestamp());
        long tooFar = System.currentTimeMillis() + 24 * HOUR + 60_000;
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"deliveryTimestamp\":" + tooFar + "}"));
    }

    @Test
    public void maxDelayIsConfigurable() {
        HttpProxyConfig config = new HttpProxyConfig();
        config.getLimits().setMaxDelayMillis(HOUR);
        ProduceRequestParser shortDelays = new ProduceRequestParser(config);
        long inTwoHours = System.currentTimeMillis() + 2 * HOUR;
        try {
            shortDelays.parse(json("{\"body\":\"x\",\"deliveryTimestamp\":" + inTwoHours + "}"));
            fail("a delay over the configured maximum was accepted");
        } catch (HttpProxyException e) {
            assertEquals(ErrorCode.ILLEGAL_MESSAGE, e.getErrorCode());
        }
        assertEquals(inTwoHours, one("{\"body\":\"x\",\"deliveryTimestamp\":" + inTwoHours + "}").deliveryTimestamp());
    }

    @Test
    public void deliveryTimestampCannotBeCombinedWithMessageGroup() {
        long soon = System.currentTimeMillis() + 5000;
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"deliveryTimestamp\":" + soon
            + ",\"messageGroup\":\"g\"}"));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Delivery-Timestamp", String.valueOf(soon),
            "X-RMQ-Message-Group", "g")));
    }

    @Test
    public void negativeDeliveryTimestampIsRefused() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"body\":\"x\",\"deliveryTimestamp\":-1}"));
    }

    @Test
    public void rawBodyTakesItsMetadataFromHeaders() {
        byte[] body = {0, 1, 2, (byte) 0xff};
        long soon = System.currentTimeMillis() + HOUR;
        OutgoingMessage m = one(raw(body, "X-RMQ-Tag", "TagA", "X-RMQ-Keys", "k1, k2,k3",
            "X-RMQ-Delivery-Timestamp", " " + soon + " ", "X-RMQ-Property-Region", "eu", "X-RMQ-Property-tier", "gold",
            "X-Other", "ignored"));
        assertArrayEquals(body, m.body());
        assertEquals("TagA", m.tag());
        assertEquals(Arrays.asList("k1", "k2", "k3"), m.keys());
        assertEquals(Map.of("Region", "eu", "tier", "gold"), m.properties());
        assertEquals(soon, m.deliveryTimestamp());
        assertNull(m.messageGroup());

        OutgoingMessage fifo = one(raw(body, "X-RMQ-Message-Group", "order-1"));
        assertEquals("order-1", fifo.messageGroup());
        assertNull(fifo.tag());
        assertNull(fifo.keys());
        assertNull(fifo.properties());
    }

    @Test
    public void rawHeaderNamesAreCaseInsensitive() {
        OutgoingMessage m = one(raw(new byte[] {1}, "x-rmq-tag", "TagA", "x-rmq-property-region", "eu"));
        assertEquals("TagA", m.tag());
        assertEquals(Map.of("region", "eu"), m.properties());
    }

    @Test
    public void rawHeaderValuesAreReadAsUtf8() {
        OutgoingMessage m = one(raw(new byte[] {1}, "X-RMQ-Tag", utf8AsHeader("caf\u00e9"),
            "X-RMQ-Keys", utf8AsHeader("\u8ba2\u5355-1,k2"), "X-RMQ-Property-City", utf8AsHeader("M\u00fcnchen \u4e16"),
            "X-RMQ-Message-Group", utf8AsHeader("gr\u00fcn")));
        assertEquals("caf\u00e9", m.tag());
        assertEquals(Arrays.asList("\u8ba2\u5355-1", "k2"), m.keys());
        assertEquals("M\u00fcnchen \u4e16", m.properties().get("City"));
        assertEquals("gr\u00fcn", m.messageGroup());
    }

    @Test
    public void rawHeaderValueThatIsNotUtf8IsRefusedRatherThanAltered() {
        // a lone Latin-1 byte 0xE9 is not UTF-8: storing U+FFFD instead would silently change the tag
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Tag", "caf\u00e9")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Property-City", "M\u00fcnchen")));
    }

    @Test
    public void rawHeadersFollowTheMessageRules() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Tag", "a|b")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Keys", "a,,b")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Keys", "a b")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Delivery-Timestamp", "tomorrow")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Delivery-Timestamp",
            String.valueOf(System.currentTimeMillis() + 25 * HOUR))));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, "X-RMQ-Property-", "nameless")));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused(raw(new byte[] {1}, "X-RMQ-Property-big", repeat("v", 16 * 1024))));
    }

    @Test
    public void rawMessageMayHave128PropertyHeadersButNot129() {
        String[] headers = new String[129 * 2];
        for (int i = 0; i < 129; i++) {
            headers[2 * i] = "X-RMQ-Property-p" + i;
            headers[2 * i + 1] = "v";
        }
        assertEquals(128, one(raw(new byte[] {1}, Arrays.copyOf(headers, 128 * 2))).properties().size());
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused(raw(new byte[] {1}, headers)));
    }

    @Test
    public void jsonContentTypesAreDetected() {
        assertTrue(ProduceRequestParser.isJson("application/json"));
        assertTrue(ProduceRequestParser.isJson("application/json; charset=utf-8"));
        assertTrue(ProduceRequestParser.isJson("Application/JSON;charset=\"UTF-8\""));
        assertTrue(ProduceRequestParser.isJson("application/json; charset=utf8"));
        assertTrue(ProduceRequestParser.isJson("application/cloudevents+json"));
        assertTrue(ProduceRequestParser.isJson("application/cloudevents+json; charset=UTF-8"));
        assertFalse(ProduceRequestParser.isJson(null));
        assertFalse(ProduceRequestParser.isJson("text/plain"));
        assertFalse(ProduceRequestParser.isJson("text/plain; charset=iso-8859-1"));
        assertFalse(ProduceRequestParser.isJson("application/octet-stream"));
        assertFalse(ProduceRequestParser.isJson("application/jsonl"));
    }

    @Test
    public void jsonInAnotherCharsetIsUnsupportedMediaType() {
        for (String type : new String[] {"application/json; charset=iso-8859-1", "application/json;charset=UTF-16",
            "application/cloudevents+json; charset=latin1"}) {
            try {
                parser.parse(request(Map.of("Content-Type", type), "{\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
                fail("accepted " + type);
            } catch (HttpProxyException e) {
                assertEquals(type, ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getErrorCode());
                assertEquals(41500, e.getErrorCode().code());
            }
        }
    }

    @Test
    public void jsonContentTypeWithCharsetParsesJson() {
        HttpRequestContext request = request(Map.of("content-type", "application/json; charset=utf-8"),
            "{\"body\":\"hi\",\"tag\":\"T\"}".getBytes(StandardCharsets.UTF_8));
        OutgoingMessage m = one(request);
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), m.body());
        assertEquals("T", m.tag());
    }

    @Test
    public void anyOtherContentTypeIsARawBody() {
        byte[] body = "{\"body\":\"not parsed\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/octet-stream", "text/json"}) {
            assertArrayEquals(type, body, one(request(Map.of("Content-Type", type), body)).body());
        }
        assertArrayEquals(body, one(request(Collections.emptyMap(), body)).body());
    }

    @Test
    public void transactionFlagMakesAHalfMessageInJsonAndRawBodies() {
        ProduceRequestParser.ProduceRequest json = parser.parse(json("{\"transaction\":true,\"body\":\"x\",\"tag\":\"T\"}"));
        assertTrue(json.transaction);
        assertEquals("T", ((OutgoingMessage) json.entries.get(0)).tag());
        assertTrue(parser.parse(raw(new byte[] {1}, "X-RMQ-Transaction", "TRUE")).transaction);
        assertFalse(parser.parse(json("{\"transaction\":false,\"body\":\"x\"}")).transaction);
        assertFalse(parser.parse(raw(new byte[] {1}, "X-RMQ-Transaction", "false")).transaction);
        assertFalse(parser.parse(json("{\"body\":\"x\"}")).transaction);
    }

    @Test
    public void halfMessagesOutsideTheRulesAreRefusedWhole() {
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refusedRequest(json("{\"transaction\":1,\"body\":\"x\"}")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refusedRequest(json("{\"transaction\":true,\"body\":\"x\",\"messageGroup\":\"g\"}")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refusedRequest(json("{\"transaction\":true,\"body\":\"x\",\"deliveryTimestamp\":"
            + (System.currentTimeMillis() + HOUR) + "}")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refusedRequest(json("{\"messages\":[{\"body\":\"a\"},{\"transaction\":true,"
            + "\"body\":\"b\"}]}")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refusedRequest(json("{\"transaction\":true,\"messages\":[{\"body\":\"a\"}]}")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refusedRequest(raw(new byte[] {1}, "X-RMQ-Transaction", "yes")));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refusedRequest(raw(new byte[] {1}, "X-RMQ-Transaction", "true",
            "X-RMQ-Delivery-Timestamp", Long.toString(System.currentTimeMillis() + HOUR))));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, refused("{\"transaction\":true,\"body\":\"x\",\"properties\":"
            + "{\"CHECK_IMMUNITY_TIME_IN_SECONDS\":\"1\"}}"));
        // a batch entry that says it is no transaction message is an ordinary entry
        assertTrue(parser.parse(json("{\"messages\":[{\"transaction\":false,\"body\":\"a\"}]}")).batch);
    }

    private ErrorCode refusedRequest(HttpRequestContext request) {
        try {
            parser.parse(request);
        } catch (HttpProxyException e) {
            return e.getErrorCode();
        }
        fail("accepted");
        return null;
    }
}
