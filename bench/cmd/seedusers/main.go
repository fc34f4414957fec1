// Command seedusers is a placeholder until the ACS store lands.
package main

func main() {}
