package io.entest.demo.local.bus;

import java.util.List;

/**
 * One PutEvents entry as the caller sent it; any field may be missing.
 *
 * @param source       {@code Source}
 * @param detailType   {@code DetailType}
 * @param detail       {@code Detail}, JSON text
 * @param eventBusName {@code EventBusName}, name or ARN
 * @param time         {@code Time}, ISO-8601, or {@code null}
 * @param resources    {@code Resources}
 */
public record PutEventsEntry(String source, String detailType, String detail, String eventBusName, String time,
                             List<String> resources) {
}
