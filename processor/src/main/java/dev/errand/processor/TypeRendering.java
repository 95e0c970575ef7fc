package dev.errand.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Turns type mirrors into the two forms the processor needs: a canonical, fully qualified text
 * without type annotations (for signatures and messages) and a JavaPoet {@link TypeName} (for
 * generated code). Both ignore type-use annotations, so {@code @Nullable String} is
 * {@code java.lang.String}.
 */
final class TypeRendering {
    private TypeRendering() {}

    /** E.g. {@code java.util.Map<java.lang.String, java.lang.Integer>}, {@code int[]}. */
    static String canonical(TypeMirror type) {
        switch (type.getKind()) {
            case ARRAY:
                return canonical(((ArrayType) type).getComponentType()) + "[]";
            case DECLARED: {
                DeclaredType declared = (DeclaredType) type;
                String raw =
                        ((TypeElement) declared.asElement()).getQualifiedName().toString();
                List<? extends TypeMirror> args = declared.getTypeArguments();
                return args.isEmpty()
                        ? raw
                        : raw + args.stream().map(TypeRendering::canonical).collect(Collectors.joining(", ", "<", ">"));
            }
            case WILDCARD: {
                WildcardType wildcard = (WildcardType) type;
                if (wildcard.getExtendsBound() != null) {
                    return "? extends " + canonical(wildcard.getExtendsBound());
                }
                if (wildcard.getSuperBound() != null) {
                    return "? super " + canonical(wildcard.getSuperBound());
                }
                return "?";
            }
            default:
                if (type.getKind().isPrimitive() || type.getKind() == TypeKind.VOID) {
                    return type.getKind().name().toLowerCase(Locale.ROOT);
                }
                return type.toString();
        }
    }

    /** The JavaPoet name of a supported type (primitive, array or declared, no wildcards). */
    static TypeName typeName(TypeMirror type) {
        switch (type.getKind()) {
            case ARRAY:
                return ArrayTypeName.of(typeName(((ArrayType) type).getComponentType()));
            case DECLARED: {
                DeclaredType declared = (DeclaredType) type;
                ClassName raw = ClassName.get((TypeElement) declared.asElement());
                List<? extends TypeMirror> args = declared.getTypeArguments();
                if (args.isEmpty()) {
                    return raw;
                }
                return ParameterizedTypeName.get(
                        raw, args.stream().map(TypeRendering::typeName).toArray(TypeName[]::new));
            }
            case BOOLEAN:
                return TypeName.BOOLEAN;
            case BYTE:
                return TypeName.BYTE;
            case SHORT:
                return TypeName.SHORT;
            case INT:
                return TypeName.INT;
            case LONG:
                return TypeName.LONG;
            case CHAR:
                return TypeName.CHAR;
            case FLOAT:
                return TypeName.FLOAT;
            case DOUBLE:
                return TypeName.DOUBLE;
            case VOID:
                return TypeName.VOID;
            default:
                throw new IllegalArgumentException("not a supported job type: " + type + " (" + type.getKind() + ")");
        }
    }

    /** {@code List<String>} to {@code List}, {@code List<String>[]} to {@code List[]}. */
    static TypeName erasure(TypeName type) {
        if (type instanceof ParameterizedTypeName parameterized) {
            return parameterized.rawType();
        }
        if (type instanceof ArrayTypeName array) {
            return ArrayTypeName.of(erasure(array.componentType()));
        }
        return type;
    }

    /** Whether the type has type arguments anywhere, so it needs a {@code TypeRef} and an unchecked cast. */
    static boolean isGeneric(TypeName type) {
        if (type instanceof ParameterizedTypeName) {
            return true;
        }
        return type instanceof ArrayTypeName array && isGeneric(array.componentType());
    }
}
