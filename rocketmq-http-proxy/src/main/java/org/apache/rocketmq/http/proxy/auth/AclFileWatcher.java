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
package org.apache.rocketmq.http.proxy.auth;

import java.io.File;
import org.apache.rocketmq.srvutil.AclFileWatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACL file and its current rules. rocketmq-srvutil's {@link AclFileWatchService} polls the file's
 * directory every 5 s; an edited file is loaded at once, so an edit takes effect within about 5 s.
 * A version that does not load (missing, bad YAML, a bad account) leaves the last good rules in force
 * and is logged with the reason. The watcher's thread ends with {@link #shutdown()}.
 */
public final class AclFileWatcher {
    private static final Logger log = LoggerFactory.getLogger(AclFileWatcher.class);

    private final File file;
    private volatile AclRules rules;
    private AclFileWatchService watchService;

    public AclFileWatcher(File file) {
        this.file = file.getAbsoluteFile().toPath().normalize().toFile();
    }

    /**
     * Loads the file and starts watching it.
     *
     * @throws IllegalArgumentException when the file does not load: the proxy must not start without its rules
     */
    public synchronized void start() {
        rules = AclRules.load(file);
        log.info("ACL file {} loaded: {} accounts", file, rules.size());
        try {
            watchService = new AclFileWatchService(file.getParent(), file.getPath(), new AclFileWatchService.Listener() {
                @Override
                public void onFileChanged(String changed) {
                    if (file.getPath().equals(changed)) {
                        reload();
                    }
                }

                @Override
                public void onFileNumChanged(String path) {
                    reload();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the directory of ACL file " + file, e);
        }
        watchService.start();
    }

    /**
     * Loads the file again; keeps the current rules when it does not load.
     *
     * @return true when the new version is in force
     */
    public boolean reload() {
        try {
            AclRules loaded = AclRules.load(file);
            rules = loaded;
            log.info("ACL file {} reloaded: {} accounts", file, loaded.size());
            return true;
        } catch (RuntimeException e) {
            log.warn("ACL file {} changed but does not load, the previous version stays in force: {}", file,
                e.getMessage());
            return false;
        }
    }

    public AclRules current() {
        return rules;
    }

    public File file() {
        return file;
    }

    public synchronized void shutdown() {
        if (watchService != null) {
            watchService.shutdown();
            watchService = null;
        }
    }
}
