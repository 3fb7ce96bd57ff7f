/*===- not_a_model.c - A shared library without the dlc symbols -----------===*/

int notAModel(void) { return 42; }
