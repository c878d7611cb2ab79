/**
 * Driftline's wire contracts: a record for every message on Kafka and document in MongoDB, their
 * JSON form ({@link io.driftline.events.EventJson}) and the rules a message must pass.
 *
 * <h2>JSON</h2>
 *
 * <p>Field names are snake_case; every message is a JSON object that starts with {@code "schema":
 * 1} (a missing {@code schema} means 1); event time is epoch milliseconds. Unknown fields are
 * ignored, so a newer producer can add fields. Enum values are lower case ({@code drift}, {@code
 * resolved_manually}). Writers emit nullable fields as explicit {@code null}; readers take {@code
 * null} and an absent field alike.
 *
 * <h2>Rejection reasons</h2>
 *
 * <p>A rejected message gets one reason: lower case, one line, starting with a fixed category and a
 * colon, then the field's path from the root ({@code features.age}, {@code features[2].p_value},
 * {@code reference_profile.features.age.count}). User text inside a reason is cut to 64 chars with
 * control characters replaced; a reason never carries the payload.
 *
 * <table>
 *   <caption>Reason categories</caption>
 *   <tr><th>category</th><th>example</th></tr>
 *   <tr><td>{@code payload too large}</td><td>{@code payload too large: 2000000 > 1048576 bytes}</td></tr>
 *   <tr><td>{@code payload too complex}</td><td>{@code payload too complex: nesting deeper than 64}, {@code ...: number too long}</td></tr>
 *   <tr><td>{@code invalid encoding}</td><td>{@code invalid encoding: byte-order mark}, {@code invalid encoding: overlong utf-8 form at byte 12}, {@code ...: nul byte at 1 (utf-16/32 payload?)} — strict UTF-8 is checked on the bytes ({@link io.driftline.events.StrictUtf8})</td></tr>
 *   <tr><td>{@code invalid text}</td><td>{@code invalid text: model_version (nul character)}, {@code ...: features.c (unpaired surrogate)}, {@code ...: features.c (control character)} (categorical values only)</td></tr>
 *   <tr><td>{@code invalid key}</td><td>{@code invalid key in features: a.b (contains '.')}; feature, segment and label names have no control characters, no leading {@code $}, no {@code .}</td></tr>
 *   <tr><td>{@code malformed json}</td><td>{@code malformed json: empty payload}, {@code malformed json: unexpected end of input at line 1 column 18}; the detail is one of a fixed set (unexpected character, unrecognized token, trailing content after the object, invalid number, invalid utf-8, unescaped control character in string, syntax error), never Jackson's wording</td></tr>
 *   <tr><td>{@code not an object}</td><td>{@code not an object: got array}</td></tr>
 *   <tr><td>{@code duplicate field}</td><td>{@code duplicate field: features.age}</td></tr>
 *   <tr><td>{@code unsupported schema version}</td><td>{@code unsupported schema version 2}</td></tr>
 *   <tr><td>{@code missing field}</td><td>{@code missing field: event_id}</td></tr>
 *   <tr><td>{@code wrong type}</td><td>{@code wrong type: ts (expected integer, got string)}</td></tr>
 *   <tr><td>{@code non-finite number}</td><td>{@code non-finite number in features.x} (NaN, Infinity, or an overflow such as 1e999)</td></tr>
 *   <tr><td>{@code out of range}</td><td>{@code out of range: ts (negative)}, {@code out of range: confidence_score (expected 0..1)}</td></tr>
 *   <tr><td>{@code too many entries}</td><td>{@code too many entries in features: 1001 > 1000}</td></tr>
 *   <tr><td>{@code string too long}</td><td>{@code string too long: segment.region (5000 > 4096 chars)}</td></tr>
 *   <tr><td>{@code key too long}</td><td>{@code key too long in features: 300 > 256 chars}</td></tr>
 *   <tr><td>{@code empty key}</td><td>{@code empty key in features}</td></tr>
 *   <tr><td>{@code invalid model name}</td><td>{@code invalid model name: ../etc} (must match {@code [A-Za-z0-9._-]{1,128}}, not {@code .} or {@code ..})</td></tr>
 *   <tr><td>{@code invalid value}</td><td>{@code invalid value: event_id (empty)}, {@code invalid value: severity (expected none|warning|drift)}</td></tr>
 *   <tr><td>{@code too late}, {@code too far in the future}</td><td>event time outside the window around processing time ({@link io.driftline.events.EventLimits#checkEventTime}); checked by the jobs, not the parser</td></tr>
 *   <tr><td>{@code unexpected error}</td><td>a bug in this package; the record is still rejected, never thrown</td></tr>
 * </table>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Ids ({@code event_id}, {@code report_id}, {@code trigger_id}, evidence report ids) are
 *       non-empty and at most 256 chars.
 *   <li>Every {@code model} field, and a metric's {@code model} label, is a valid model name: it
 *       becomes a directory name.
 *   <li>Timestamps, counts and offsets are integers (no fraction) and not negative; versions are at
 *       least 1; {@code window_end} is not before {@code window_start}.
 *   <li>Probabilities ({@code confidence_score}, {@code p_value}) lie in 0..1.
 *   <li>A feedback event carries a {@code prediction} or an {@code actual} or both; one with a
 *       {@code prediction} has at least one feature.
 *   <li>Timestamps lie between 0 and 9999-12-31T23:59:59.999Z.
 *   <li>{@code sha256} is 64 lower-case hex chars; base64 fields decode.
 *   <li>A retrain status's {@code from → to} is an allowed {@link
 *       io.driftline.events.TriggerStatus} transition.
 *   <li>An alert's {@code alertname} and its label and annotation names match {@code
 *       [A-Za-z_][A-Za-z0-9_]*} and do not start with {@code __}; label values are not empty; a
 *       {@code labels.alertname} equals {@code alertname}; {@code ends_at} is not before {@code
 *       starts_at}; a {@code fingerprint} matches the labels ({@link io.driftline.events.Alert}).
 *   <li>Bounds come from {@link io.driftline.events.EventLimits}.
 * </ul>
 */
package io.driftline.events;
