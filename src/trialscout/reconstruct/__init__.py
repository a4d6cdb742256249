"""reconstruct"""
