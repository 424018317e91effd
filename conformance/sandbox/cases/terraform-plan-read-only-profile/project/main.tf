output "probe" {
  value = 1
}
