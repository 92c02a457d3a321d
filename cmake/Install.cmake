# Install rules: `cmake --install BUILD --prefix PREFIX` gives a line that runs without the
# source tree:
#   PREFIX/bin/advieslijn
#   PREFIX/share/advieslijn/config/default.json    the demo config, paths pointing below
#   PREFIX/share/advieslijn/web/                    widget, consoles, dashboard (static_dir)
#   PREFIX/share/advieslijn/articles/<lang>/        the default articles (knowledge_base)
#   PREFIX/share/advieslijn/routing/                risk_<lang>.json, risk_model.json, the
#                                                   classifier's risk_train*.tsv (it trains
#                                                   at start-up), texts/<lang>.json
#   PREFIX/share/advieslijn/social-map/demo/        the demo tenant's social map
#   PREFIX/lib/systemd/system/advieslijn.service    the unit, its paths set to PREFIX
#   PREFIX/share/doc/advieslijn/operations.md       the runbook
# The binary finds share/advieslijn relative to itself (common/install_paths.hpp), so the
# defaults of `serve`, `texts check` and `risk check` are the installed files.
include(GNUInstallDirs)

set(ADVIESLIJN_SHARE ${CMAKE_INSTALL_DATADIR}/advieslijn)

install(TARGETS advieslijn RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web-widget/ DESTINATION ${ADVIESLIJN_SHARE}/web)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/knowledge-base/articles/
        DESTINATION ${ADVIESLIJN_SHARE}/articles FILES_MATCHING PATTERN "*.json")
# Not compiled in: an editor copies it to the top of a set as synonyms.json (docs/knowledge-base.md).
install(FILES ${PROJECT_SOURCE_DIR}/knowledge-base/data/synonyms-extended.json
        DESTINATION ${ADVIESLIJN_SHARE})
# Everything in routing/data is read at run time: the phrase lists, the classifier's settings
# and training files, and the language texts.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/routing/data/ DESTINATION ${ADVIESLIJN_SHARE}/routing)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/ops/config/demo-social-map/
        DESTINATION ${ADVIESLIJN_SHARE}/social-map/demo)
# The runbook, named by the unit's Documentation=.
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The config and the unit name absolute paths, so they are written at install time, when
# the prefix given to `cmake --install --prefix` is known (CMAKE_INSTALL_PREFIX is read
# then, not now: hence the escaped \${...}). DESTDIR is left out of the paths, as packages
# expect.
install(CODE "
  set(ADVIESLIJN_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(ADVIESLIJN_INSTALL_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(ADVIESLIJN_INSTALL_SHARE \"${ADVIESLIJN_SHARE}\")
  include(\"${PROJECT_SOURCE_DIR}/cmake/install_config.cmake\")
")
