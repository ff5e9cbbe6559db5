"""Analyses the rules share: plain functions of the resolved model, each tested on its own."""
