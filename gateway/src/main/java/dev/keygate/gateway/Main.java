package dev.keygate.gateway; public class Main { public static void main(String[] a){} }
