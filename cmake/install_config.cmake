# Run by `cmake --install` (see Install.cmake): writes share/advieslijn/config/default.json
# from ops/config/default.json with every data path pointing into the installed share/, and
# the systemd unit with the installed binary and config. Inputs: ADVIESLIJN_SOURCE_DIR,
# ADVIESLIJN_INSTALL_BINDIR, ADVIESLIJN_INSTALL_SHARE, and CMAKE_INSTALL_PREFIX as given to
# `cmake --install`.
cmake_path(ABSOLUTE_PATH ADVIESLIJN_INSTALL_SHARE BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}"
           OUTPUT_VARIABLE share)
cmake_path(ABSOLUTE_PATH ADVIESLIJN_INSTALL_BINDIR BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}"
           OUTPUT_VARIABLE bindir)

file(READ "${ADVIESLIJN_SOURCE_DIR}/ops/config/default.json" config)
string(JSON config SET "${config}" static_dir "\"${share}/web\"")
string(JSON config SET "${config}" knowledge_base "\"${share}/articles\"")
string(JSON config SET "${config}" risk_signals "\"${share}/routing\"")
string(JSON config SET "${config}" texts "\"${share}/routing/texts\"")
# A tenant's social map: the demo's folder is installed as social-map/demo. Another tenant's
# path written relative to ops/config would point nowhere once installed: refuse it here
# rather than ship a config that cannot start.
string(JSON tenants LENGTH "${config}" tenants)
if(tenants GREATER 0)
  math(EXPR last "${tenants} - 1")
  foreach(i RANGE ${last})
    string(JSON map ERROR_VARIABLE no_map GET "${config}" tenants ${i} social_map)
    if(no_map)
      continue()
    elseif(map STREQUAL "demo-social-map")
      string(JSON config SET "${config}" tenants ${i} social_map "\"${share}/social-map/demo\"")
    else()
      message(FATAL_ERROR "ops/config/default.json: tenants[${i}].social_map '${map}' has no installed copy (cmake/Install.cmake)")
    endif()
  endforeach()
endif()

set(config_file "$ENV{DESTDIR}${share}/config/default.json")
message(STATUS "Installing: ${config_file}")
file(WRITE "${config_file}" "${config}\n")

file(READ "${ADVIESLIJN_SOURCE_DIR}/ops/systemd/advieslijn.service" unit)
string(REPLACE "/usr/bin/advieslijn" "${bindir}/advieslijn" unit "${unit}")
string(REPLACE "/usr/share/advieslijn" "${share}" unit "${unit}")
set(unit_file "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/lib/systemd/system/advieslijn.service")
message(STATUS "Installing: ${unit_file}")
file(WRITE "${unit_file}" "${unit}")
