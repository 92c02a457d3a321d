# Writes OUT, a C++ file defining `const std::string_view advieslijn::gateway::NAME` with the
# bytes of IN as a raw string literal, so the binary needs no copy of the file at run time
# while the file stays plain (editable, diffable, checkable by its own tools). HEADER is the
# header that declares NAME. Run at build time by a custom command:
#   cmake -DIN=gateway/openapi.json -DOUT=openapi_json.cpp -DNAME=openapi_json
#         -DHEADER=gateway/openapi.hpp -P embed_file.cmake
file(READ "${IN}" body)
if(body MATCHES "\\)embed\"")
  message(FATAL_ERROR "${IN}: contains the raw-string delimiter )embed\"")
endif()
get_filename_component(source "${IN}" NAME)
file(WRITE "${OUT}"
  "// Generated from ${source} by gateway/embed_file.cmake. Do not edit.\n"
  "#include \"${HEADER}\"\n\n"
  "namespace advieslijn::gateway {\n"
  "const std::string_view ${NAME} = R\"embed(${body})embed\";\n"
  "}  // namespace advieslijn::gateway\n")
