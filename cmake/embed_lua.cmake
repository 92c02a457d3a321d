# Writes OUT, a C++ file with one Redis Functions library built from DIR/*.lua: lib.lua (the
# shared helpers, optional) first, then every other script as the body of one function.
# Run at build time by a custom command (see advieslijn_embed_lua below), so the scripts stay
# plain .lua files (editable, diffable, checkable with luac) while the binary needs no script
# files at run time. Used by callbacks/ and accounts/.
#   cmake -DDIR=callbacks/lua -DOUT=lua_scripts.cpp -DCOMPONENT=callbacks -DPREFIX=cb
#         [-DBEGIN=begin] -P embed_lua.cmake
# COMPONENT names the library (advieslijn_<COMPONENT>_<version>), the header
# (<COMPONENT>/scripts.hpp) and the namespace (advieslijn::<COMPONENT>::lua); PREFIX starts
# every function name; BEGIN, when set, is a lib.lua function each function calls first with
# (KEYS, ARGV).
# The library and function names carry a hash of the sources: two builds with different
# scripts (a rolling deploy) each load and call their own library, never each other's.
cmake_minimum_required(VERSION 3.25)  # policies of today in -P mode (quoted if() arguments)
file(GLOB scripts "${DIR}/*.lua")
list(SORT scripts)
set(lib "")
if(EXISTS "${DIR}/lib.lua")
  file(READ "${DIR}/lib.lua" lib)
endif()
set(all "${lib}")
foreach(script IN LISTS scripts)
  file(READ "${script}" body)
  string(APPEND all "${body}")
endforeach()
string(SHA1 hash "${all}")
string(SUBSTRING "${hash}" 0 12 version)

set(prelude "")
if(BEGIN)
  set(prelude "${BEGIN}(KEYS, ARGV)\n")
endif()
set(library "#!lua name=advieslijn_${COMPONENT}_${version}\n${lib}\n")
set(names "")
foreach(script IN LISTS scripts)
  get_filename_component(name "${script}" NAME_WE)
  if(name STREQUAL "lib")
    continue()
  endif()
  file(READ "${script}" body)
  set(function "${PREFIX}_${version}_${name}")
  string(APPEND library "-- ${name}.lua\nredis.register_function('${function}', function(KEYS, ARGV)\n${prelude}${body}\nend)\n\n")
  string(APPEND names "extern const char ${name}[] = \"${function}\";\n")
endforeach()
string(FIND "${library}" ")lua\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${DIR}: a script contains the raw-string delimiter )lua\"")
endif()
set(out "// Generated from ${COMPONENT}/lua/*.lua by cmake/embed_lua.cmake. Do not edit.\n")
string(APPEND out "#include \"${COMPONENT}/scripts.hpp\"\n\nnamespace advieslijn::${COMPONENT}::lua {\n")
string(APPEND out "extern const char library[] = R\"lua(${library})lua\";\n")
string(APPEND out "${names}")
string(APPEND out "}  // namespace advieslijn::${COMPONENT}::lua\n")
file(WRITE "${OUT}" "${out}")
