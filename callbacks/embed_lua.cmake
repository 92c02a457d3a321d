# Writes OUT, a C++ file with one Redis Functions library built from callbacks/lua/*.lua:
# lib.lua (the shared helpers) first, then every other script as the body of one function.
# Run at build time by a custom command, so the scripts stay plain .lua files (editable,
# diffable, checkable with luac) while the binary needs no script files at run time.
#   cmake -DDIR=callbacks/lua -DOUT=lua_scripts.cpp -P embed_lua.cmake
# The library and function names carry a hash of the sources: two builds with different
# scripts (a rolling deploy) each load and call their own library, never each other's.
file(GLOB scripts "${DIR}/*.lua")
list(SORT scripts)
file(READ "${DIR}/lib.lua" lib)
set(all "${lib}")
foreach(script IN LISTS scripts)
  file(READ "${script}" body)
  string(APPEND all "${body}")
endforeach()
string(SHA1 hash "${all}")
string(SUBSTRING "${hash}" 0 12 version)

set(library "#!lua name=advieslijn_callbacks_${version}\n${lib}\n")
set(names "")
foreach(script IN LISTS scripts)
  get_filename_component(name "${script}" NAME_WE)
  if(name STREQUAL "lib")
    continue()
  endif()
  file(READ "${script}" body)
  set(function "cb_${version}_${name}")
  string(APPEND library "-- ${name}.lua\nredis.register_function('${function}', function(KEYS, ARGV)\nbegin(KEYS, ARGV)\n${body}\nend)\n\n")
  string(APPEND names "extern const char ${name}[] = \"${function}\";\n")
endforeach()
string(FIND "${library}" ")lua\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${DIR}: a script contains the raw-string delimiter )lua\"")
endif()
set(out "// Generated from callbacks/lua/*.lua by callbacks/embed_lua.cmake. Do not edit.\n")
string(APPEND out "#include \"callbacks/scripts.hpp\"\n\nnamespace advieslijn::callbacks::lua {\n")
string(APPEND out "extern const char library[] = R\"lua(${library})lua\";\n")
string(APPEND out "${names}")
string(APPEND out "}  // namespace advieslijn::callbacks::lua\n")
file(WRITE "${OUT}" "${out}")
