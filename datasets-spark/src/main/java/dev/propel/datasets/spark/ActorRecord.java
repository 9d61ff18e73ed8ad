package dev.propel.datasets.spark;

import java.io.Serializable;

/**
 * What the actor shuffle carries: an actor's events ({@link CleanLine}) and, sorted before them, the actor's
 * history from the previous day's user registry ({@link PriorHistory}).
 */
sealed interface ActorRecord extends Serializable permits CleanLine, PriorHistory {
}
