"""The original project's VNet, rebuilt in PyTorch from docs/original-pipeline.md (module names = state_dict keys).

Used only to make parity fixtures and key lists for the C# port (tests never run Python).
Run with Debian's PyTorch: /usr/bin/python3 tools/pytorch-reference/make_fixtures.py
"""
import torch
import torch.nn as nn


def act(c, prelu):
    return nn.PReLU(c) if prelu else nn.ELU(inplace=False)


class ChannelGate(nn.Module):
    def __init__(self, c, reduction=4):
        super().__init__()
        self.channel_gate = nn.Sequential(
            nn.Flatten(), nn.Linear(c, c // reduction), nn.BatchNorm1d(c // reduction), nn.ReLU(),
            nn.Linear(c // reduction, c))

    def forward(self, x):
        pooled = torch.mean(x, dim=(2, 3, 4))
        gate = torch.sigmoid(self.channel_gate(pooled)).view(x.shape[0], x.shape[1], 1, 1, 1)
        return x + x * gate


class SpatialGate(nn.Module):
    def __init__(self, c, reduction=4, dilation=4):
        super().__init__()
        r = c // reduction
        self.spatial_gate = nn.Sequential(
            nn.Conv3d(c, r, kernel_size=1), nn.BatchNorm3d(r), nn.ReLU(),
            nn.Conv3d(r, r, kernel_size=3, padding=dilation, dilation=dilation), nn.BatchNorm3d(r), nn.ReLU(),
            nn.Conv3d(r, r, kernel_size=3, padding=dilation, dilation=dilation), nn.BatchNorm3d(r), nn.ReLU(),
            nn.Conv3d(r, 1, kernel_size=1))

    def forward(self, x):
        gate = torch.sigmoid(self.spatial_gate(x))
        return x + x * gate


class AttentionModule(nn.Module):
    def __init__(self, c, reduction=4, dilation=4):
        super().__init__()
        self.channel_att = ChannelGate(c, reduction)
        self.spatial_att = SpatialGate(c, reduction, dilation)

    def forward(self, x):
        return x + self.spatial_att(self.channel_att(x))


class ConvLayer(nn.Module):
    def __init__(self, c, prelu, dilation=1):
        super().__init__()
        self.conv1 = nn.Conv3d(c, c, kernel_size=5, padding=2 * dilation, dilation=dilation)
        self.relu1 = act(c, prelu)

    def forward(self, x):
        return self.relu1(self.conv1(x))


class InputTransition(nn.Module):
    def __init__(self, out_c, prelu, dilation, attention, att_reduction, att_dilation):
        super().__init__()
        self.conv1 = nn.Conv3d(1, out_c, kernel_size=5, padding=2 * dilation, dilation=dilation)
        self.relu1 = act(out_c, prelu)
        self.attention = attention
        if attention:
            self.att_module = AttentionModule(out_c, att_reduction, att_dilation)

    def forward(self, x):
        out = self.relu1(self.conv1(x))
        if self.attention:
            out = self.att_module(out)
        return out + x


class DownTransition(nn.Module):
    def __init__(self, in_c, layers, prelu, dilation, attention, att_reduction, att_dilation):
        super().__init__()
        out_c = 2 * in_c
        self.down_conv = nn.Conv3d(in_c, out_c, kernel_size=2, stride=2)
        self.relu1 = act(out_c, prelu)
        self.ops = nn.Sequential(*[ConvLayer(out_c, prelu, dilation) for _ in range(layers)])
        self.attention = attention
        if attention:
            self.att_module = AttentionModule(out_c, att_reduction, att_dilation)

    def forward(self, x):
        down = self.relu1(self.down_conv(x))
        out = self.ops(down)
        if self.attention:
            out = self.att_module(out)
        return out + down


class UpTransition(nn.Module):
    def __init__(self, in_c, out_c, layers, prelu):
        super().__init__()
        self.up_conv = nn.ConvTranspose3d(in_c, out_c // 2, kernel_size=2, stride=2)
        self.relu1 = act(out_c // 2, prelu)
        self.relu2 = act(out_c, prelu)  # registered, never used in forward (as the original)
        self.ops = nn.Sequential(*[ConvLayer(out_c, prelu) for _ in range(layers)])

    def forward(self, x, skip):
        up = self.relu1(self.up_conv(x))
        cat = torch.cat((up, skip), 1)
        return self.ops(cat) + cat


class OutputTransition(nn.Module):
    def __init__(self, in_c, prelu):
        super().__init__()
        self.conv1 = nn.Conv3d(in_c, 1, kernel_size=1)
        self.relu1 = act(1, prelu)

    def forward(self, x):
        return self.relu1(self.conv1(x))


class VNet(nn.Module):
    def __init__(self, num_layers=1, prelu=True, dilation=1, attention=False, att_reduction=4, att_dilation=4, width=8):
        super().__init__()
        n, w = num_layers, width
        a = dict(prelu=prelu, dilation=dilation, attention=attention, att_reduction=att_reduction, att_dilation=att_dilation)
        self.input_transition = InputTransition(w, **a)
        self.down_transition16 = DownTransition(w, n, **a)
        self.down_transition32 = DownTransition(2 * w, n, **a)
        self.down_transition64 = DownTransition(4 * w, n + 1, **a)
        self.down_transition128 = DownTransition(8 * w, n + 1, **a)
        self.up_transition128 = UpTransition(16 * w, 16 * w, n + 1, prelu)
        self.up_transition64 = UpTransition(16 * w, 8 * w, n + 1, prelu)
        self.up_transition32 = UpTransition(8 * w, 4 * w, n, prelu)
        self.up_transition16 = UpTransition(4 * w, 2 * w, n, prelu)
        self.out_transition = OutputTransition(2 * w, prelu)
        for m in self.modules():
            if isinstance(m, nn.Conv3d):
                nn.init.xavier_normal_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        i = self.input_transition(x)
        d16 = self.down_transition16(i)
        d32 = self.down_transition32(d16)
        d64 = self.down_transition64(d32)
        d128 = self.down_transition128(d64)
        u = self.up_transition128(d128, d64)
        u = self.up_transition64(u, d32)
        u = self.up_transition32(u, d16)
        u = self.up_transition16(u, i)
        return self.out_transition(u)


def count(m):
    return sum(p.numel() for p in m.parameters() if p.requires_grad)


if __name__ == "__main__":
    print("n1", count(VNet()))
    print("n2", count(VNet(num_layers=2)))
    print("att d3", count(VNet(attention=True, dilation=3)))
    print("att", count(VNet(attention=True)))
    print("elu", count(VNet(prelu=False)))
