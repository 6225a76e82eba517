from nadd.cli import main

main()
