"""binary"""
