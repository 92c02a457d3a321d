# advieslijn_embed_lua(TARGET COMPONENT PREFIX [BEGIN fn]): adds to TARGET the generated .cpp
# holding <component>/lua/*.lua as one Redis Functions library (see embed_lua.cmake); editing
# a script regenerates it.
set(ADVIESLIJN_EMBED_LUA ${CMAKE_CURRENT_LIST_DIR}/embed_lua.cmake)
function(advieslijn_embed_lua target)
  cmake_parse_arguments(E "" "COMPONENT;PREFIX;BEGIN" "" ${ARGN})
  set(dir ${PROJECT_SOURCE_DIR}/${E_COMPONENT}/lua)
  file(GLOB lua_sources CONFIGURE_DEPENDS ${dir}/*.lua)
  set(lua_cpp ${CMAKE_CURRENT_BINARY_DIR}/lua_scripts.cpp)
  add_custom_command(
    OUTPUT ${lua_cpp}
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUT=${lua_cpp} -DCOMPONENT=${E_COMPONENT}
            -DPREFIX=${E_PREFIX} -DBEGIN=${E_BEGIN} -P ${ADVIESLIJN_EMBED_LUA}
    DEPENDS ${lua_sources} ${ADVIESLIJN_EMBED_LUA}
    COMMENT "Embedding ${E_COMPONENT}/lua/*.lua"
    VERBATIM)
  target_sources(${target} PRIVATE ${lua_cpp})
endfunction()
