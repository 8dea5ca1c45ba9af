package dev.echolab.web;

import dev.echolab.config.EchoProperties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may do what: every GET is open (the API, the console, health, info, prometheus); POST and DELETE under
 * {@code /api} need HTTP Basic as {@code echo.api.username} / {@code echo.api.password}. With no password set,
 * one is generated and logged at start-up, as Spring Boot does for its default user.
 */
@Configuration
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemAuthenticationEntryPoint entryPoint) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/**").authenticated()
                        .requestMatchers(HttpMethod.PUT, "/api/**").authenticated()
                        .requestMatchers(HttpMethod.PATCH, "/api/**").authenticated()
                        .requestMatchers(HttpMethod.DELETE, "/api/**").authenticated()
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint))
                // CSRF protection guards cookie-authenticated browser sessions. This API keeps no session and takes
                // credentials only from the Authorization header, which a cross-site form cannot set.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .headers(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService apiUser(EchoProperties properties) {
        String password = properties.api().password();
        if (password == null || password.isBlank()) {
            password = UUID.randomUUID().toString();
            log.warn("\n\nUsing generated API password: {}\n(user '{}'; set echo.api.password or ECHO_API_PASSWORD "
                    + "to choose one)\n", password, properties.api().username());
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(properties.api().username())
                .password(encoder.encode(password))
                .roles("OPERATOR")
                .build());
    }
}
