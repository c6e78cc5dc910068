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
package org.apache.rocketmq.http.proxy.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The default URL a proxy advertises: its bind address when it binds one, else the first address of
 * an interface that is up and not loopback (IPv4 before IPv6, link-local ones skipped).
 */
public final class AdvertisedUrl {
    private AdvertisedUrl() {
    }

    /**
     * @param scheme {@code http}, or {@code https} when the proxy only speaks TLS
     */
    public static String defaultUrl(String scheme, String bindAddress, int port) {
        String host = isWildcard(bindAddress) ? firstNonLoopbackAddress() : bindAddress.trim();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + ":" + port;
    }

    static boolean isWildcard(String bindAddress) {
        if (bindAddress == null || bindAddress.isBlank()) {
            return true;
        }
        String a = bindAddress.trim();
        return a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]") || a.equals("0:0:0:0:0:0:0:0");
    }

    /**
     * @return the first non-loopback address, or 127.0.0.1 when the host has none
     */
    static String firstNonLoopbackAddress() {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
            interfaces.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
            for (NetworkInterface ni : interfaces) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(ni.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
                        continue;
                    }
                    if (address instanceof Inet4Address) {
                        v4.add(address);
                    } else if (address instanceof Inet6Address) {
                        v6.add(address);
                    }
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        if (!v4.isEmpty()) {
            return v4.get(0).getHostAddress();
        }
        if (!v6.isEmpty()) {
            String text = v6.get(0).getHostAddress();
            int scope = text.indexOf('%');
            return scope >= 0 ? text.substring(0, scope) : text;
        }
        return "127.0.0.1";
    }
}
