package dev.errand;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type at run time: {@code new TypeRef<List<String>>() {}.type()}. Generated
 * code uses it so that arguments decode into exactly the declared parameter type.
 */
public abstract class TypeRef<T> {
    private final Type type;

    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException(
                    "TypeRef must be created with a type argument: new TypeRef<List<String>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    public final Type type() {
        return type;
    }
}
