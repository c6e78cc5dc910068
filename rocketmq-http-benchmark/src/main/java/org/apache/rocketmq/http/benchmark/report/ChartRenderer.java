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
package org.apache.rocketmq.http.benchmark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws the report as a PNG with Java 2D (headless): grouped bars of msg/s per workload and system,
 * and below them p99 latency, both on log scales (values span four orders of magnitude).
 */
public final class ChartRenderer {
    private static final Color[] PALETTE = {new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B), new Color(0xB279A2),
        new Color(0x9D755D), new Color(0xE45756)};
    private static final int WIDTH = 1400;
    private static final int PANEL_HEIGHT = 420;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;

    private ChartRenderer() {
    }

    public static void render(BenchmarkReport report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Set<String> workloads = new LinkedHashSet<>();
        Set<String> systems = new LinkedHashSet<>();
        for (Summary s : report.summaries) {
            workloads.add(s.workload);
            systems.add(s.system);
        }
        int height = 60 + 2 * PANEL_HEIGHT + 110;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(String.format(Locale.ROOT, "RocketMQ HTTP proxy benchmark (%s mode, %d CPUs, %s)", report.config.mode,
                report.machine.cpus, report.machine.date.substring(0, Math.min(10, report.machine.date.length()))), LEFT, 30);
            List<String> w = new ArrayList<>(workloads);
            List<String> sys = new ArrayList<>(systems);
            panel(g, report, w, sys, 50, "messages per second, log scale (higher is better)", s -> s.msgPerSec, true);
            List<String> latencyWorkloads = new ArrayList<>(w);
            latencyWorkloads.remove("consume");
            panel(g, report, latencyWorkloads, sys, 50 + PANEL_HEIGHT + 20, "p99 latency, ms, log scale (lower is better)",
                s -> s.p99Ms, true);
            legend(g, sys, height - 35);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, BenchmarkReport report, List<String> workloads, List<String> systems, int top,
        String title, ToDoubleFunction<Summary> value, boolean log) {
        int bottom = top + PANEL_HEIGHT - 50;
        int plotTop = top + 30;
        int plotWidth = WIDTH - LEFT - RIGHT;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Summary s : report.summaries) {
            double v = value.applyAsDouble(s);
            if (workloads.contains(s.workload) && v > 0) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        if (max <= 0) {
            max = 1;
            min = 0.1;
        }
        double logMin = Math.floor(Math.log10(Math.max(min, 1e-3)));
        double logMax = Math.ceil(Math.log10(max * 1.05));
        if (logMax <= logMin) {
            logMax = logMin + 1;
        }
        double linearMax = niceCeiling(max * 1.1);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, top + 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        // grid and axis labels
        int ticks = log ? (int) (logMax - logMin) : 5;
        for (int i = 0; i <= ticks; i++) {
            double tickValue = log ? Math.pow(10, logMin + i) : linearMax * i / ticks;
            int y = (int) (bottom - (bottom - plotTop) * (double) i / ticks);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(tickValue);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, bottom, LEFT + plotWidth, bottom);
        int groupWidth = plotWidth / Math.max(1, workloads.size());
        int barWidth = Math.max(4, (groupWidth - 20) / Math.max(1, systems.size()));
        for (int wi = 0; wi < workloads.size(); wi++) {
            int groupLeft = LEFT + wi * groupWidth + 10;
            for (int si = 0; si < systems.size(); si++) {
                int x = groupLeft + si * barWidth;
                String workload = workloads.get(wi);
                String system = systems.get(si);
                Summary s = report.summary(system, workload).orElse(null);
                if (s == null || value.applyAsDouble(s) <= 0) {
                    continue;
                }
                double v = value.applyAsDouble(s);
                double fraction = log ? (Math.log10(v) - logMin) / (logMax - logMin) : v / linearMax;
                int barHeight = (int) Math.max(1, (bottom - plotTop) * Math.min(1, Math.max(0, fraction)));
                g.setColor(PALETTE[si % PALETTE.length]);
                g.fillRect(x, bottom - barHeight, barWidth - 2, barHeight);
                g.setColor(Color.BLACK);
                drawRotated(g, format(v), x + barWidth / 2 + 4, bottom - barHeight - 4);
            }
            g.setColor(Color.BLACK);
            String label = workloads.get(wi);
            g.drawString(label, groupLeft + (groupWidth - 20 - fm.stringWidth(label)) / 2, bottom + 16);
        }
    }

    private static void drawRotated(Graphics2D g, String text, int x, int y) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0, 0);
        g.setTransform(saved);
    }

    private static void legend(Graphics2D g, List<String> systems, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = LEFT;
        for (int i = 0; i < systems.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, y - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(systems.get(i), x + 20, y);
            x += 40 + g.getFontMetrics().stringWidth(systems.get(i));
        }
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
