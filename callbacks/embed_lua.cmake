# Writes OUT, a C++ file with every callbacks/lua/*.lua script (lib.lua excepted) as a raw
# string literal, lib.lua prepended to each. Run at build time by a custom command, so the
# scripts stay plain .lua files (editable, diffable, checkable with luac) while the binary
# needs no script files at run time.
#   cmake -DDIR=callbacks/lua -DOUT=lua_scripts.cpp -P embed_lua.cmake
file(GLOB scripts "${DIR}/*.lua")
list(SORT scripts)
file(READ "${DIR}/lib.lua" lib)
set(out "// Generated from callbacks/lua/*.lua by callbacks/embed_lua.cmake. Do not edit.\n")
string(APPEND out "#include \"callbacks/scripts.hpp\"\n\nnamespace advieslijn::callbacks::lua {\n")
foreach(script IN LISTS scripts)
  get_filename_component(name "${script}" NAME_WE)
  if(name STREQUAL "lib")
    continue()
  endif()
  file(READ "${script}" body)
  string(FIND "${lib}${body}" ")lua\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${script}: contains the raw-string delimiter )lua\"")
  endif()
  string(APPEND out "extern const char ${name}[] = R\"lua(${lib}\n-- ${name}.lua\n${body})lua\";\n")
endforeach()
string(APPEND out "}  // namespace advieslijn::callbacks::lua\n")
file(WRITE "${OUT}" "${out}")
