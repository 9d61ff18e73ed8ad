package dev.propel.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the input and output classes of a {@link RequestHandler} from its generic interface, the way the Lambda
 * Java runtime picks the deserializer for the event, following type variables through superclasses.
 */
final class HandlerTypes {
    private HandlerTypes() {
    }

    /** {@code [input, output]} classes; {@code Object.class} where the declaration leaves them open. */
    static Class<?>[] of(Class<?> handlerClass) {
        Type[] found = search(handlerClass, new HashMap<>());
        if (found == null) {
            return new Class<?>[] {Object.class, Object.class};
        }
        return new Class<?>[] {raw(found[0]), raw(found[1])};
    }

    private static Type[] search(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> c;
        if (type instanceof ParameterizedType p) {
            c = (Class<?>) p.getRawType();
            TypeVariable<?>[] vars = c.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            Map<TypeVariable<?>, Type> next = new HashMap<>(bindings);
            for (int i = 0; i < vars.length; i++) {
                next.put(vars[i], args[i] instanceof TypeVariable<?> v ? bindings.getOrDefault(v, v) : args[i]);
            }
            bindings = next;
            if (c == RequestHandler.class) {
                return new Type[] {bindings.get(vars[0]), bindings.get(vars[1])};
            }
        } else if (type instanceof Class<?> k) {
            c = k;
        } else {
            return null;
        }
        for (Type i : c.getGenericInterfaces()) {
            Type[] r = search(i, bindings);
            if (r != null) {
                return r;
            }
        }
        Type sup = c.getGenericSuperclass();
        return sup == null ? null : search(sup, bindings);
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
