package dev.echolab.history;

/** {@link HistoryApiTests} against H2, the default database (in memory here: each test context its own). */
class H2HistoryIntegrationTests extends HistoryApiTests {}
