// iftoken(8): placeholder main until the tool's commands land.
#include <cstdio>
int main() {
  fprintf(stderr, "iftoken: no commands yet\n");
  return 2;
}
