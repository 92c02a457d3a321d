# callbacks_load: creates/s, claim–complete cycles/s and scanner tick time through
# callbacks::Service against a running redis-server (see docs/benchmarks.md).
add_executable(callbacks_load ${CMAKE_CURRENT_LIST_DIR}/callbacks_load.cpp)
target_link_libraries(callbacks_load PRIVATE advieslijn_callbacks)
