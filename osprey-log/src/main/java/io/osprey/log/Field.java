package io.osprey.log;

/**
 * One column of a log: its Zeek name (dotted for record members, e.g. {@code id.orig_h}) and type.
 *
 * @param name the field name exactly as Zeek logs it
 * @param type the field type
 */
public record Field(String name, FieldType type) {
}
