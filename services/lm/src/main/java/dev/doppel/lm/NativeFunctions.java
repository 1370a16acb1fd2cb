package dev.doppel.lm;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * C functions of {@code int} parameters, called through the JDK's foreign function API. That API is final from JDK 22
 * while this project compiles for 21, so it is reached by reflection; callers treat a {@link ReflectiveOperationException}
 * (JDK 21, a missing symbol) as "not available here".
 */
final class NativeFunctions {

    private NativeFunctions() {
    }

    /**
     * {@code name} in the shared library at {@code library}, as {@code Linker.nativeLinker().downcallHandle(
     * SymbolLookup.libraryLookup(library, Arena.global()).find(name), descriptor)}.
     */
    static MethodHandle inLibrary(Path library, String name, int intParameters, boolean returnsInt) throws ReflectiveOperationException {
        Class<?> arena = Class.forName("java.lang.foreign.Arena");
        Object lookup = symbolLookup().getMethod("libraryLookup", Path.class, arena)
                .invoke(null, library, arena.getMethod("global").invoke(null));
        return downcall(lookup, name, intParameters, returnsInt, library.toString());
    }

    /** {@code name} among the C library and the others the JVM itself links ({@code Linker.defaultLookup()}). */
    static MethodHandle inDefaultLibraries(String name, int intParameters, boolean returnsInt) throws ReflectiveOperationException {
        Object lookup = linker().getMethod("defaultLookup").invoke(nativeLinker());
        return downcall(lookup, name, intParameters, returnsInt, "the default libraries");
    }

    private static MethodHandle downcall(Object lookup, String name, int intParameters, boolean returnsInt, String where)
            throws ReflectiveOperationException {
        Optional<?> symbol = (Optional<?>) symbolLookup().getMethod("find", String.class).invoke(lookup, name);
        if (symbol.isEmpty()) {
            throw new NoSuchMethodException(name + " is not exported by " + where);
        }
        Class<?> memoryLayout = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> memorySegment = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> functionDescriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> linkerOption = Class.forName("java.lang.foreign.Linker$Option");
        Object javaInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
        Object[] parameters = (Object[]) Array.newInstance(memoryLayout, intParameters);
        Arrays.fill(parameters, javaInt);
        Object descriptor = returnsInt
                ? functionDescriptor.getMethod("of", memoryLayout, parameters.getClass()).invoke(null, javaInt, parameters)
                : functionDescriptor.getMethod("ofVoid", parameters.getClass()).invoke(null, (Object) parameters);
        return (MethodHandle) linker().getMethod("downcallHandle", memorySegment, functionDescriptor, linkerOption.arrayType())
                .invoke(nativeLinker(), symbol.get(), descriptor, Array.newInstance(linkerOption, 0));
    }

    private static Class<?> symbolLookup() throws ClassNotFoundException {
        return Class.forName("java.lang.foreign.SymbolLookup");
    }

    private static Class<?> linker() throws ClassNotFoundException {
        return Class.forName("java.lang.foreign.Linker");
    }

    private static Object nativeLinker() throws ReflectiveOperationException {
        return linker().getMethod("nativeLinker").invoke(null);
    }
}
