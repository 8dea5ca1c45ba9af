package dev.echolab.history;

import org.springframework.data.repository.ListCrudRepository;

/** The stored runs, as Spring Data JDBC aggregates. */
interface StoredRuns extends ListCrudRepository<StoredRun, String> {}
