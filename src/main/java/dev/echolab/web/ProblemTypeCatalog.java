package dev.echolab.web;

import java.util.List;

/**
 * The problem types one feature owns, as a bean: the problem pages list every feature's without this package
 * knowing the features. Catalogs are listed in their {@code @Order}.
 */
@FunctionalInterface
public interface ProblemTypeCatalog {

    List<ProblemType> types();
}
