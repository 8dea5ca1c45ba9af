# Echo Lab in a container: built with the Maven wrapper on a JDK 25, run on a JRE 25 as a non-root user.
# `docker compose up` builds it; alone: docker build -t echo-lab . && docker run -p 8080:8080 -p 7001-7009:7001-7009 echo-lab

FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /build
# Dependencies first: this layer is rebuilt only when the pom or the wrapper changes, not on every source edit.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package \
    && cp target/echo-lab-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system echolab \
    && useradd --system --gid echolab --home-dir /app --no-create-home --shell /usr/sbin/nologin echolab
WORKDIR /app
# One layer per Boot layer, least changing first.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# healthcheck.sh keeps its executable bit from git.
COPY docker/healthcheck.sh /app/healthcheck.sh
USER echolab
# The echo servers listen on every interface inside the container (127.0.0.1 outside it).
ENV ECHO_BIND_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080 7001-7009
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
