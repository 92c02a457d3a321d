# ops/nginx/advieslijn.conf inside the compose network (Containerfile, target nginx): the two
# gateways by service name instead of loopback ports, and no IPv6 listeners (a container
# may have no IPv6). tests/ops/compose_test.py applies this to the shipped file.
/^    server 127\.0\.0\.1:8080 /s/127\.0\.0\.1:8080/gateway-1:8080/
/^    server 127\.0\.0\.1:8081 /s/127\.0\.0\.1:8081/gateway-2:8080/
/^    listen \[::\]:/d
