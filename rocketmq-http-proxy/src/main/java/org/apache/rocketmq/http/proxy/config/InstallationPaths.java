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
package org.apache.rocketmq.http.proxy.config;

import java.io.File;

/**
 * Files named in the configuration: a relative path is relative to the installation directory (the
 * launcher passes it as {@value #HOME_PROPERTY}), or to the working directory when there is none.
 */
public final class InstallationPaths {
    public static final String HOME_PROPERTY = "rocketmq.http.proxy.home";

    private InstallationPaths() {
    }

    public static File resolve(String path) {
        File file = new File(path);
        if (file.isAbsolute()) {
            return file;
        }
        String home = System.getProperty(HOME_PROPERTY);
        return (home == null || home.isEmpty() ? file : new File(home, path)).getAbsoluteFile();
    }
}
