package io.osprey.log;

/** Zeek log field types, with the spelling the ASCII writer prints in its {@code #types} header line. */
public enum FieldType {
    TIME("time"),
    INTERVAL("interval"),
    STRING("string"),
    ADDR("addr"),
    SUBNET("subnet"),
    PORT("port"),
    COUNT("count"),
    INT("int"),
    DOUBLE("double"),
    BOOL("bool"),
    ENUM("enum"),
    SET_STRING("set[string]"),
    SET_ADDR("set[addr]"),
    SET_COUNT("set[count]"),
    SET_ENUM("set[enum]"),
    VECTOR_STRING("vector[string]"),
    VECTOR_COUNT("vector[count]"),
    VECTOR_INTERVAL("vector[interval]"),
    VECTOR_ADDR("vector[addr]");

    private final String zeekName;

    FieldType(String zeekName) {
        this.zeekName = zeekName;
    }

    /** The type as Zeek writes it in {@code #types}. */
    public String zeekName() {
        return zeekName;
    }

    /** True for set[...] and vector[...] types. */
    public boolean isContainer() {
        return zeekName.startsWith("set[") || zeekName.startsWith("vector[");
    }
}
